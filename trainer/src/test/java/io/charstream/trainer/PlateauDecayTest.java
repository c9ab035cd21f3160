package io.charstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlateauDecayTest {
  @Test
  void halvesAfterEveryPatienceEpochsWithoutABestDownToTheFloor() {
    PlateauDecay decay = new PlateauDecay(2, 0.004, 0.25);
    assertThat(decay.afterEpoch(0, 0.004)).as("a best epoch").isEmpty();
    assertThat(decay.afterEpoch(1, 0.004)).isEmpty();
    assertThat(decay.afterEpoch(2, 0.004)).hasValue(0.002);
    assertThat(decay.afterEpoch(3, 0.002)).isEmpty();
    assertThat(decay.afterEpoch(4, 0.002)).hasValue(0.001);
    assertThat(decay.afterEpoch(6, 0.001)).as("at the floor").isEmpty();
  }

  @Test
  void neverGoesBelowTheFloorAndZeroPatienceKeepsTheRate() {
    assertThat(new PlateauDecay(1, 0.003, 0.5).afterEpoch(1, 0.002)).hasValue(0.0015);
    assertThat(new PlateauDecay(0, 0.003, 0.5).afterEpoch(5, 0.003)).isEmpty();
  }
}
