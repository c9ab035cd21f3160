package io.charstream.trainer;

import java.util.OptionalDouble;

/**
 * Lowers the learning rate when learning stalls: after every {@code patience} epochs in a row
 * without a new best validation loss the rate halves, down to {@code floor} times the configured
 * rate. Small steps then settle what large steps only circle around.
 */
final class PlateauDecay {
  private final int patience;
  private final double floorRate;

  /** @param patience 0 keeps the rate as it is */
  PlateauDecay(int patience, double configuredRate, double floor) {
    this.patience = patience;
    this.floorRate = configuredRate * floor;
  }

  /**
   * @param epochsWithoutBest epochs in a row, up to the one just ended, without a new best validation loss
   * @return the rate to go on with, when it changes
   */
  OptionalDouble afterEpoch(int epochsWithoutBest, double rate) {
    if (patience == 0 || epochsWithoutBest == 0 || epochsWithoutBest % patience != 0
        || rate <= floorRate * (1 + 1e-9)) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Math.max(floorRate, rate / 2));
  }
}
