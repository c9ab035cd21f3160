package io.charstream.cli.view;

import io.charstream.events.EpochMetrics;

/**
 * The epoch table: epoch, loss, accuracy, val_loss, val_accuracy (Keras's names), val_recent (the
 * loss on the newest validation windows, where a change in the stream shows first), chars/s. Boxed
 * on a terminal; plain ASCII otherwise, one row per line, each epoch's row starting with its
 * number, so that scripts can read it.
 */
public final class EpochTable {
  private static final String[] HEADINGS =
      {"epoch", "loss", "accuracy", "val_loss", "val_accuracy", "val_recent", "chars/s"};
  private static final int[] WIDTHS = {5, 7, 8, 8, 12, 10, 9};

  private final boolean boxed;

  public EpochTable(boolean boxed) {
    this.boxed = boxed;
  }

  /** The heading, with the top border when boxed. */
  public String header() {
    if (!boxed) {
      return plain(HEADINGS);
    }
    return border('┌', '┬', '┐') + "\n" + boxedRow(HEADINGS) + "\n" + border('├', '┼', '┤');
  }

  public String row(EpochMetrics metrics) {
    String[] cells = {
        Integer.toString(metrics.getEpoch()),
        String.format("%.4f", metrics.getTrainLoss()),
        String.format("%.4f", metrics.getTrainAccuracy()),
        metrics.getValidationLoss() == null ? "-" : String.format("%.4f", metrics.getValidationLoss()),
        metrics.getValidationAccuracy() == null ? "-" : String.format("%.4f", metrics.getValidationAccuracy()),
        metrics.getRecentValidationLoss() == null ? "-" : String.format("%.4f", metrics.getRecentValidationLoss()),
        boxed ? String.format("%,.0f", metrics.getCharactersPerSecond())
            : String.format("%.0f", metrics.getCharactersPerSecond())};
    return boxed ? boxedRow(cells) : plain(cells);
  }

  /** The bottom border when boxed; nothing otherwise. */
  public String footer() {
    return boxed ? border('└', '┴', '┘') : "";
  }

  private static String plain(String[] cells) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      line.append(i == cells.length - 1 ? cells[i] : String.format("%-" + (WIDTHS[i] + 2) + "s", cells[i]));
    }
    return line.toString();
  }

  private static String boxedRow(String[] cells) {
    StringBuilder line = new StringBuilder("│");
    for (int i = 0; i < cells.length; i++) {
      line.append(' ').append(String.format("%" + WIDTHS[i] + "s", cells[i])).append(" │");
    }
    return line.toString();
  }

  private static String border(char left, char middle, char right) {
    StringBuilder line = new StringBuilder().append(left);
    for (int i = 0; i < WIDTHS.length; i++) {
      line.append("─".repeat(WIDTHS[i] + 2)).append(i == WIDTHS.length - 1 ? right : middle);
    }
    return line.toString();
  }
}
