package io.charstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.model.cell.Cells;
import io.charstream.model.cell.RecurrentCell;
import io.charstream.testing.SeedText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

class CharModelTest {
  static final ModelSettings SMALL = new ModelSettings(64, 256, 1, 0, 5, 0.01, 42, Cells.LSTM, true);

  static List<RecurrentCell> cells() {
    return List.of(Cells.LSTM, Cells.GRU);
  }

  private static ModelSettings small(RecurrentCell cell) {
    return new ModelSettings(64, 256, 1, 0, 5, 0.01, 42, cell, true);
  }

  static List<int[]> seedWindows(Set<Integer> seen) {
    seen.addAll(SeedText.vocabulary(SeedText.TEXT).values());
    return SeedText.windows(SeedText.TEXT, 100, 1);
  }

  @Test
  void summaryNamesTheCellAndHowTheModelLearns() {
    ModelSettings settings = new ModelSettings(32, 128, 3, 0.25, 5, 0.002, 42, Cells.GRU, true, 0.1);
    assertThat(settings.summary())
        .isEqualTo("embedding 32, 3 x GRU 128, dropout 0.25, weight decay 0.1, learning rate 0.002");
  }

  @ParameterizedTest
  @MethodSource("cells")
  void learnsTheSeedScenarioLossFallingAtLeast40PercentInTenEpochs(RecurrentCell cell) {
    Set<Integer> seen = new HashSet<>();
    List<int[]> windows = seedWindows(seen);
    List<int[]> train = new ArrayList<>(windows.subList(0, 80));
    MultiLayerNetwork network = CharModel.create(small(cell), 256, seen);
    Random shuffle = new Random(1);
    List<Scores> epochs = new ArrayList<>();
    ModelTraining training = ModelTraining.of(network, small(cell), 2);
    long started = System.nanoTime();
    for (int epoch = 1; epoch <= 10; epoch++) {
      Collections.shuffle(train, shuffle);
      Scores epochScores = Scores.NONE;
      for (int from = 0; from < train.size(); from += 8) {
        epochScores = epochScores.plus(training.step(Batch.of(train.subList(from, from + 8), 256), true));
      }
      epochs.add(epochScores);
      System.out.printf("epoch %d: loss %.3f accuracy %.3f (%.1f s)%n", epoch, epochScores.loss(),
          epochScores.accuracy(), (System.nanoTime() - started) / 1e9);
    }
    assertThat(epochs.get(9).loss()).isLessThan(0.6 * epochs.get(0).loss());
    assertThat(epochs.get(9).accuracy()).isGreaterThan(epochs.get(0).accuracy());
  }

  @ParameterizedTest
  @MethodSource("cells")
  void aSnapshotLoadsInPlainDl4jAndGivesTheSameOutputs(RecurrentCell cell) {
    Set<Integer> seen = new HashSet<>();
    List<int[]> windows = seedWindows(seen);
    MultiLayerNetwork network = CharModel.create(small(cell), 256, seen);
    ModelTraining.of(network, small(cell), 1).step(Batch.of(windows.subList(0, 8), 256), false);

    MultiLayerNetwork loaded = ModelBytes.read(ModelBytes.write(network));
    Batch probe = Batch.of(windows.subList(8, 12), 256);
    INDArray expected = network.output(probe.features(), false);
    assertThat(loaded.output(probe.features(), false).equalsWithEps(expected, 1e-6)).isTrue();
    assertThat(loaded.getUpdater().getStateViewArray().equalsWithEps(network.getUpdater().getStateViewArray(), 0))
        .as("the optimizer's state travels with the model").isTrue();
  }

  @Test
  void aReusedWriterWritesEachModelFileAsAFreshOneWould() {
    Set<Integer> seen = new HashSet<>();
    List<int[]> windows = seedWindows(seen);
    MultiLayerNetwork network = CharModel.create(SMALL, 256, seen);
    ModelTraining training = ModelTraining.of(network, SMALL, 1);
    ModelBytes.Writer writer = new ModelBytes.Writer();
    for (int step = 0; step < 2; step++) {
      training.step(Batch.of(windows.subList(0, 8), 256), false);
      MultiLayerNetwork loaded = ModelBytes.read(writer.write(network));
      assertThat(loaded.params().equalsWithEps(network.params(), 0)).as("parameters after step %d", step).isTrue();
      assertThat(loaded.getUpdater().getStateViewArray().equalsWithEps(network.getUpdater().getStateViewArray(), 0))
          .as("optimizer state after step %d", step).isTrue();
    }
  }

  @Test
  void theTrainingPassReportsTheSameLossAsAnEvaluationOfTheSameWeights() {
    Set<Integer> seen = new HashSet<>();
    List<int[]> windows = seedWindows(seen);
    MultiLayerNetwork network = CharModel.create(SMALL, 256, seen);
    Batch batch = Batch.of(windows.subList(0, 8), 256);
    ModelTraining training = ModelTraining.of(network, SMALL, 1);
    Scores evaluated = training.evaluate(batch);
    Scores trained = training.step(batch, true);
    assertThat(trained.loss()).isCloseTo(evaluated.loss(), org.assertj.core.data.Offset.offset(1e-3));
    assertThat(trained.accuracy()).isEqualTo(evaluated.accuracy());
    assertThat(trained.characters()).isEqualTo(8 * 99);
  }

  @Test
  void startsUnseenIdsWithALowProbability() {
    MultiLayerNetwork network = CharModel.create(SMALL, 256, Set.of(1, 2, 3));
    Batch batch = Batch.of(List.of(new int[] {1, 2, 3, 1, 2}), 256);
    INDArray probabilities = network.output(batch.features(), false);
    double unseenMass = probabilities.sum(1).getDouble(0, 0) - probabilities.get(
        org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4),
        org.nd4j.linalg.indexing.NDArrayIndex.point(0)).sumNumber().doubleValue();
    assertThat(unseenMass).isLessThan(0.01);
  }
}
