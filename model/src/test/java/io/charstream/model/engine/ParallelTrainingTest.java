package io.charstream.model.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.model.Batch;
import io.charstream.model.CharModel;
import io.charstream.model.Dl4jTraining;
import io.charstream.model.ModelSettings;
import io.charstream.model.Scores;
import io.charstream.model.cell.Cells;
import io.charstream.model.cell.RecurrentCell;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.L2Regularization;

/**
 * charstream's passes against DL4J's own on the same network: gradients, scores and whole
 * optimisation steps, then one thread against several. Sizes are small and deliberately not
 * multiples of a vector's lanes, so the vector loops' tails are exercised too.
 */
class ParallelTrainingTest {
  private static final int VOCABULARY = 13;

  static List<RecurrentCell> cells() {
    return List.of(Cells.LSTM, Cells.GRU);
  }

  /** Two recurrent layers of 20 units, embedding 7, gradient clipping; DL4J's own layers (no helper). */
  private static MultiLayerNetwork network(double dropout, RecurrentCell cell) {
    return network(dropout, cell, 0);
  }

  private static MultiLayerNetwork network(double dropout, RecurrentCell cell, double weightDecay) {
    ModelSettings settings = new ModelSettings(7, 20, 2, dropout, 1.0, 0.01, 3, cell, false, weightDecay);
    Set<Integer> seen = IntStream.range(0, VOCABULARY - 2).boxed().collect(Collectors.toSet());
    return CharModel.create(settings, VOCABULARY, seen);
  }

  private static Batch batch(int rows, int length, long seed) {
    Random random = new Random(seed);
    List<int[]> windows = new ArrayList<>();
    for (int b = 0; b < rows; b++) {
      windows.add(random.ints(length, 0, VOCABULARY - 2).toArray());
    }
    return Batch.of(windows, VOCABULARY);
  }

  /** Largest difference relative to the largest magnitude of the expected values. */
  private static double relativeDifference(INDArray expected, INDArray actual) {
    double scale = expected.amaxNumber().doubleValue();
    return expected.sub(actual).amaxNumber().doubleValue() / scale;
  }

  @ParameterizedTest
  @MethodSource("cells")
  void gradientsAndLossAreDl4jsOwn(RecurrentCell cell) {
    MultiLayerNetwork network = network(0, cell);
    Batch batch = batch(5, 9, 1);
    network.setInput(batch.features());
    network.setLabels(batch.labels());
    network.computeGradientAndScore();
    INDArray expected = network.getFlattenedGradients().dup();
    double expectedLossSum = network.score() * batch.size();

    try (ParallelTraining training = new ParallelTraining(network, 1, 3)) {
      Scores scores = training.gradients(batch);
      assertThat(relativeDifference(expected, network.getFlattenedGradients())).isLessThan(1e-4);
      assertThat(scores.lossSum()).isCloseTo(expectedLossSum, org.assertj.core.data.Percentage.withPercentage(1e-3));
    }
  }

  @ParameterizedTest
  @MethodSource("cells")
  void evaluationScoresAreDl4jsOwn(RecurrentCell cell) {
    MultiLayerNetwork network = network(0, cell);
    Batch batch = batch(6, 12, 2);
    Scores expected = new Dl4jTraining(network).evaluate(batch);
    try (ParallelTraining training = new ParallelTraining(network, 2, 3)) {
      Scores actual = training.evaluate(batch);
      assertThat(actual.loss()).isCloseTo(expected.loss(), org.assertj.core.data.Offset.offset(1e-5));
      assertThat(actual.correct()).isEqualTo(expected.correct());
      assertThat(actual.characters()).isEqualTo(expected.characters());
    }
  }

  @ParameterizedTest
  @MethodSource("cells")
  void stepsChangeTheParametersAsDl4jsFitDoes(RecurrentCell cell) {
    stepAsDl4jsFitDoes(network(0, cell));
  }

  @ParameterizedTest
  @MethodSource("cells")
  void weightDecayIsAppliedAsDl4jsFitAppliesIt(RecurrentCell cell) {
    MultiLayerNetwork decayed = stepAsDl4jsFitDoes(network(0, cell, 0.5));
    MultiLayerNetwork plain = stepAsDl4jsFitDoes(network(0, cell));
    // Same start, same batches: only the decay tells the two apart, and it shrinks the weights.
    assertThat(relativeDifference(plain.params(), decayed.params())).isGreaterThan(1e-4);
    assertThat(decayed.getParam("1_W").norm2Number().doubleValue())
        .isLessThan(plain.getParam("1_W").norm2Number().doubleValue());
  }

  @Test
  void weightDecayIsTheOnlyRegularisationThePassesTake() {
    assertThat(ParallelTraining.unsupported(network(0, Cells.LSTM, 0.1))).isEmpty();
    MultiLayerNetwork l2 = network(0, Cells.LSTM);
    // L2 changes the gradient itself, which the passes compute without it.
    ((BaseLayer) l2.getLayer(1).conf().getLayer()).setRegularization(List.of(new L2Regularization(1e-3)));
    assertThat(ParallelTraining.unsupported(l2)).hasValue("layer 1 is regularised other than by weight decay");
  }

  /** Five steps of the network with charstream's passes and of a clone with DL4J's fit: they must agree. */
  private static MultiLayerNetwork stepAsDl4jsFitDoes(MultiLayerNetwork reference) {
    MultiLayerNetwork ours = reference.clone();
    Dl4jTraining dl4j = new Dl4jTraining(reference);
    try (ParallelTraining training = new ParallelTraining(ours, 1, 3)) {
      for (int step = 0; step < 5; step++) {
        Batch batch = batch(8, 10, 10 + step);
        Scores expected = dl4j.step(batch, false);
        Scores actual = training.step(batch, false);
        assertThat(actual.loss()).isCloseTo(expected.loss(), org.assertj.core.data.Offset.offset(1e-4));
      }
    }
    assertThat(ours.getIterationCount()).isEqualTo(reference.getIterationCount()).isEqualTo(5);
    assertThat(relativeDifference(reference.params(), ours.params())).isLessThan(1e-4);
    assertThat(relativeDifference(reference.getUpdater().getStateViewArray(), ours.getUpdater().getStateViewArray()))
        .isLessThan(1e-4);
    return ours;
  }

  @ParameterizedTest
  @MethodSource("cells")
  void threadsSplittingTheBatchTrainAsOneThreadDoes(RecurrentCell cell) {
    MultiLayerNetwork one = network(0.3, cell);
    MultiLayerNetwork three = one.clone();
    try (ParallelTraining single = new ParallelTraining(one, 1, 3);
        ParallelTraining split = new ParallelTraining(three, 3, 3)) {
      for (int step = 0; step < 4; step++) {
        Batch batch = batch(7, 11, 20 + step); // 7 rows: shares of 2, 2 and 3
        Scores alone = single.step(batch, true);
        Scores together = split.step(batch, true);
        assertThat(together.loss()).isCloseTo(alone.loss(), org.assertj.core.data.Offset.offset(1e-5));
        assertThat(together.correct()).isEqualTo(alone.correct());
      }
    }
    assertThat(relativeDifference(one.params(), three.params())).isLessThan(1e-5);
    assertThat(relativeDifference(one.params(), network(0.3, cell).params())).isGreaterThan(1e-3); // it did train
  }

  @Test
  void dropoutDropsItsShareAndScalesTheRest() {
    DropoutMask dropout = new DropoutMask(0.25, 7);
    Floats mask = Floats.allocate(40 * 30 * 50);
    dropout.fill(mask, 40, 30, 50, 0, 1);
    int kept = 0;
    for (int i = 0; i < mask.length; i++) {
      float value = mask.get(i);
      assertThat(value).isIn(0f, 1f / 0.75f);
      kept += value > 0 ? 1 : 0;
    }
    // 60,000 draws: the share kept is within 1% of 0.75 unless the draws are not uniform (over 10 sigma).
    assertThat(kept / (double) mask.length).isBetween(0.74, 0.76);
    mask.free();
  }

  /**
   * The passes' buffers are made by the first batch and reused by every later one. DL4J's updater
   * still makes a few small native arrays per step (its ops' arguments), freed by the garbage
   * collector: far less than one batch's buffers, which is what a buffer made per step would add.
   */
  @ParameterizedTest
  @MethodSource("cells")
  void stepsAfterTheFirstMakeNoNewBuffers(RecurrentCell cell) {
    MultiLayerNetwork network = network(0.2, cell);
    try (ParallelTraining training = new ParallelTraining(network, 2, 3)) {
      training.step(batch(64, 60, 0), true);
      long buffers = training.bufferBytes();
      long before = Pointer.totalBytes();
      for (int step = 1; step < 30; step++) {
        training.step(batch(64, 60, step), true);
        training.evaluate(batch(64, 60, -step));
      }
      assertThat(training.bufferBytes()).isEqualTo(buffers);
      assertThat(Pointer.totalBytes() - before).isLessThan(buffers / 10);
    }
  }
}
