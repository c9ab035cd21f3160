package io.charstream.cli.view;

import io.charstream.events.TrainingProgress;

/** An epoch's progress as Keras's {@code fit} shows it: {@code 12/25 [=====>....] - 6s - loss: 2.1345 - accuracy: 0.4012}. */
public final class ProgressBar {
  private static final int BAR = 30;

  private ProgressBar() {}

  public static String render(TrainingProgress progress, long elapsedMs) {
    int batches = Math.max(1, progress.getBatches());
    int done = Math.min(progress.getBatch(), batches);
    int filled = BAR * done / batches;
    String bar = done >= batches ? "=".repeat(BAR) : "=".repeat(filled) + ">" + ".".repeat(BAR - filled - 1);
    String count = String.format("%" + Integer.toString(batches).length() + "d/%d", done, batches);
    return String.format("%s [%s] - %ds - loss: %.4f - accuracy: %.4f - %,.0f chars/s", count, bar,
        Math.round(elapsedMs / 1000.0), progress.getRunningLoss(), progress.getRunningAccuracy(),
        progress.getCharactersPerSecond());
  }
}
