package io.charstream.cli.view;

import io.charstream.events.EpochMetrics;
import java.util.List;

/**
 * Training and validation loss per epoch as a chart of characters, for a terminal (Unicode
 * markers) or a log (ASCII): epochs along, loss up, the scale fitted to the values.
 */
public final class LossChart {
  private static final int HEIGHT = 12;
  private static final int LABEL_WIDTH = 8;

  private LossChart() {}

  public static String render(List<EpochMetrics> epochs, int width, boolean unicode) {
    if (epochs.isEmpty()) {
      return "(no epochs yet)";
    }
    char trainMark = unicode ? '●' : '*';
    char validationMark = unicode ? '○' : 'o';
    char bothMarks = unicode ? '◉' : '#';
    int plotWidth = Math.max(10, Math.min(width - LABEL_WIDTH - 2, Math.max(20, epochs.size() * 4)));
    double low = Double.MAX_VALUE;
    double high = -Double.MAX_VALUE;
    for (EpochMetrics m : epochs) {
      low = Math.min(low, m.getTrainLoss());
      high = Math.max(high, m.getTrainLoss());
      if (m.getValidationLoss() != null) {
        low = Math.min(low, m.getValidationLoss());
        high = Math.max(high, m.getValidationLoss());
      }
    }
    if (high - low < 1e-9) {
      high = low + 1;
    }
    char[][] grid = new char[HEIGHT][plotWidth];
    for (char[] row : grid) {
      java.util.Arrays.fill(row, ' ');
    }
    int first = epochs.get(0).getEpoch();
    int last = epochs.get(epochs.size() - 1).getEpoch();
    for (EpochMetrics m : epochs) {
      int column = last == first ? 0 : (int) Math.round((m.getEpoch() - first) * (plotWidth - 1.0) / (last - first));
      mark(grid, row(m.getTrainLoss(), low, high), column, trainMark, bothMarks);
      if (m.getValidationLoss() != null) {
        mark(grid, row(m.getValidationLoss(), low, high), column, validationMark, bothMarks);
      }
    }
    StringBuilder chart = new StringBuilder("loss per epoch\n");
    for (int r = 0; r < HEIGHT; r++) {
      boolean labelled = r == 0 || r == HEIGHT - 1 || r == HEIGHT / 2;
      double value = high - r * (high - low) / (HEIGHT - 1);
      chart.append(labelled ? String.format("%" + (LABEL_WIDTH - 1) + ".3f ", value) : " ".repeat(LABEL_WIDTH))
          .append(labelled ? (unicode ? '┤' : '+') : (unicode ? '│' : '|'))
          .append(new String(grid[r]).stripTrailing()).append('\n');
    }
    chart.append(" ".repeat(LABEL_WIDTH)).append(unicode ? '└' : '+')
        .append((unicode ? "─" : "-").repeat(plotWidth)).append('\n');
    String firstLabel = "epoch " + first;
    String lastLabel = Integer.toString(last);
    int gap = Math.max(1, plotWidth + 1 - firstLabel.length() - lastLabel.length());
    chart.append(" ".repeat(LABEL_WIDTH)).append(firstLabel)
        .append(last == first ? "" : " ".repeat(gap) + lastLabel).append('\n');
    chart.append(" ".repeat(LABEL_WIDTH)).append(trainMark).append(" loss   ").append(validationMark)
        .append(" val_loss");
    return chart.toString();
  }

  private static int row(double value, double low, double high) {
    return (int) Math.round((high - value) / (high - low) * (HEIGHT - 1));
  }

  private static void mark(char[][] grid, int row, int column, char mark, char both) {
    char present = grid[row][column];
    grid[row][column] = present == ' ' || present == mark ? mark : both;
  }
}
