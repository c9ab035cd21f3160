package io.charstream.cli.view;

import io.charstream.events.EpochMetrics;
import java.util.ArrayList;
import java.util.List;

/** Epoch events for the view tests. */
final class ViewTestData {
  private ViewTestData() {}

  static EpochMetrics epoch(int epoch, double loss, double accuracy, Double validationLoss, Double validationAccuracy) {
    return EpochMetrics.newBuilder().setModelName("m").setVersion(epoch).setEpoch(epoch).setTrainLoss(loss)
        .setTrainAccuracy(accuracy).setValidationLoss(validationLoss).setValidationAccuracy(validationAccuracy)
        .setSequencesSeen(80).setCharactersSeen(7920).setCharactersPerSecond(12345.6).setWallTimeMs(640)
        .setTimestampMs(1_000L * epoch).build();
  }

  /** Loss falling from 2.30 by 0.13 an epoch, validation a little above it. */
  static List<EpochMetrics> falling(int epochs) {
    List<EpochMetrics> all = new ArrayList<>();
    for (int e = 1; e <= epochs; e++) {
      all.add(epoch(e, 2.30 - 0.13 * (e - 1), 0.25 + 0.04 * (e - 1), 2.40 - 0.1 * (e - 1), 0.2 + 0.03 * (e - 1)));
    }
    return all;
  }
}
