package io.charstream.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.events.TrainingProgress;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private static TrainingProgress at(int batch, int batches) {
    return TrainingProgress.newBuilder().setModelName("m").setEpoch(1).setBatch(batch).setBatches(batches)
        .setRunningLoss(2.13456).setRunningAccuracy(0.4).setCharactersPerSecond(13204).setTimestampMs(0).build();
  }

  @Test
  void showsKerasStyleProgressWithTheRunningLoss() {
    String bar = ProgressBar.render(at(12, 24), 6200);
    assertThat(bar).isEqualTo("12/24 [===============>..............] - 6s - loss: 2.1346 - accuracy: 0.4000 - 13,204 chars/s");
  }

  @Test
  void aFinishedEpochIsAFullBar() {
    assertThat(ProgressBar.render(at(24, 24), 1000)).startsWith("24/24 [" + "=".repeat(30) + "]");
    assertThat(ProgressBar.render(at(0, 24), 0)).startsWith(" 0/24 [>" + ".".repeat(29) + "]");
  }
}
