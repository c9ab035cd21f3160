package io.charstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

class LearningRateTest {

  /** How far one Adam step moves the parameters: its first step moves each by about the rate. */
  private static double firstStep(boolean ownPasses, double setRate) {
    Set<Integer> seen = new HashSet<>();
    List<int[]> windows = CharModelTest.seedWindows(seen).subList(0, 8);
    ModelSettings settings = new ModelSettings(16, 32, 1, 0, 5, 0.004, 42, io.charstream.model.cell.Cells.LSTM,
        ownPasses);
    MultiLayerNetwork network = CharModel.create(settings, 64, seen);
    try (ModelTraining training = ModelTraining.of(network, settings, 1)) {
      // Set once training holds the network's updater, as the trainer does mid-run.
      LearningRate.set(network, setRate);
      INDArray before = network.params().dup();
      training.step(Batch.of(windows, 64), false);
      return network.params().sub(before).norm2Number().doubleValue();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aRateSetInPlaceIsTheRateTheNextStepUses(boolean ownPasses) {
    double full = firstStep(ownPasses, 0.004);
    double half = firstStep(ownPasses, 0.002);
    assertThat(half / full).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-3));
  }

  @org.junit.jupiter.api.Test
  void aSavedNetworkKeepsItsRate() {
    MultiLayerNetwork network = CharModel.create(CharModelTest.SMALL, 64, new HashSet<>(List.of(1, 2, 3)));
    LearningRate.set(network, 0.00125);
    assertThat(LearningRate.of(ModelBytes.read(ModelBytes.write(network)))).isEqualTo(0.00125);
  }
}
