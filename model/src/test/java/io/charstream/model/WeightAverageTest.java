package io.charstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class WeightAverageTest {
  private static final double DECAY = 0.9;

  @Test
  void theAppliedAverageIsTheMovingAverageOfTheTrainedWeightsAndClosingRestoresThem() {
    Set<Integer> seen = new HashSet<>();
    List<int[]> windows = CharModelTest.seedWindows(seen).subList(0, 8);
    MultiLayerNetwork network = CharModel.create(CharModelTest.SMALL, 64, seen);
    WeightAverage average = new WeightAverage(network, DECAY);
    INDArray expected = network.params().dup();
    try (ModelTraining training = ModelTraining.of(network, CharModelTest.SMALL, 1)) {
      for (int step = 1; step <= 12; step++) {
        training.step(Batch.of(windows, 64), false);
        average.update();
        // The first steps weigh more: 2/11, 3/12, ... until the decay is reached.
        double kept = Math.min(DECAY, (1.0 + step) / (10.0 + step));
        expected = expected.mul(kept).add(network.params().mul(1 - kept));
      }
    }
    INDArray trained = network.params().dup();

    try (WeightAverage.Applied ignored = average.applied()) {
      // Float rounding: the average and the sum written out here round differently in the last bits.
      assertThat(maxDifference(network.params(), expected)).isLessThan(1e-5);
      assertThat(maxDifference(network.params(), trained)).isGreaterThan(1e-4);
    }
    assertThat(network.params()).isEqualTo(trained);
  }

  @Test
  void decayZeroLeavesTheTrainedWeightsInPlace() {
    MultiLayerNetwork network = CharModel.create(CharModelTest.SMALL, 64, new HashSet<>(List.of(1, 2, 3)));
    INDArray before = network.params().dup();
    WeightAverage none = new WeightAverage(network, 0);
    network.params().addi(1);
    none.update();
    try (WeightAverage.Applied ignored = none.applied()) {
      assertThat(network.params()).isEqualTo(before.add(1));
    }
  }

  @Test
  void aDecayOutsideZeroToOneIsRefused() {
    MultiLayerNetwork network = CharModel.create(CharModelTest.SMALL, 64, new HashSet<>(List.of(1, 2, 3)));
    assertThatThrownBy(() -> new WeightAverage(network, 1)).hasMessageContaining("[0, 1)");
    assertThatThrownBy(() -> new WeightAverage(network, -0.1)).hasMessageContaining("[0, 1)");
  }

  private static double maxDifference(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue();
  }
}
