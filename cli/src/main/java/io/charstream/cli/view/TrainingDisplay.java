package io.charstream.cli.view;

import io.charstream.events.EpochMetrics;
import io.charstream.events.TrainingProgress;
import java.util.ArrayList;
import java.util.List;

/**
 * Shows training as it happens. On a terminal: per epoch, Keras's "Epoch n/N" and a progress bar
 * with the running loss, left in place with the epoch's validation figures when it ends; then the
 * epoch table and the loss chart. Elsewhere: the epoch table a row at a time, then the chart.
 */
public final class TrainingDisplay {
  private final Terminal terminal;
  private final int epochs;
  private final EpochTable table;
  private final List<EpochMetrics> done = new ArrayList<>();
  private int shownEpoch;
  private long epochStartedMs;
  private int batches = 1;

  public TrainingDisplay(Terminal terminal, int epochs) {
    this.terminal = terminal;
    this.epochs = epochs;
    this.table = new EpochTable(terminal.interactive());
    if (!terminal.interactive()) {
      terminal.line(table.header());
    }
  }

  public void progress(TrainingProgress progress) {
    if (!terminal.interactive() || progress.getEpoch() <= lastDoneEpoch()) {
      return;
    }
    startEpoch(progress.getEpoch(), progress.getTimestampMs());
    batches = Math.max(1, progress.getBatches());
    terminal.status(ProgressBar.render(progress, progress.getTimestampMs() - epochStartedMs));
  }

  public void epoch(EpochMetrics metrics) {
    done.add(metrics);
    if (!terminal.interactive()) {
      terminal.line(table.row(metrics));
      return;
    }
    startEpoch(metrics.getEpoch(), metrics.getTimestampMs() - metrics.getWallTimeMs());
    TrainingProgress complete = TrainingProgress.newBuilder().setModelName(metrics.getModelName())
        .setEpoch(metrics.getEpoch()).setBatch(batches).setBatches(batches).setRunningLoss(metrics.getTrainLoss())
        .setRunningAccuracy(metrics.getTrainAccuracy()).setCharactersPerSecond(metrics.getCharactersPerSecond())
        .setTimestampMs(metrics.getTimestampMs()).build();
    String bar = ProgressBar.render(complete, metrics.getWallTimeMs());
    if (metrics.getValidationLoss() != null) {
      bar += String.format(" - val_loss: %.4f - val_accuracy: %.4f", metrics.getValidationLoss(),
          metrics.getValidationAccuracy());
    }
    terminal.line(bar);
  }

  /** The table (on a terminal, where the bars were shown instead) and the loss chart. */
  public void finish() {
    if (terminal.interactive()) {
      terminal.line("");
      terminal.line(table.header());
      done.forEach(m -> terminal.line(table.row(m)));
      terminal.line(table.footer());
    }
    terminal.line("");
    terminal.line(LossChart.render(done, terminal.width(), terminal.interactive()));
  }

  private int lastDoneEpoch() {
    return done.isEmpty() ? 0 : done.get(done.size() - 1).getEpoch();
  }

  private void startEpoch(int epoch, long startedMs) {
    if (epoch != shownEpoch) {
      shownEpoch = epoch;
      epochStartedMs = startedMs;
      terminal.line(String.format("Epoch %d/%d", epoch, epochs));
    }
  }
}
