package io.charstream.model.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.charstream.model.Batch;
import io.charstream.model.CharModel;
import io.charstream.model.ModelSettings;
import io.charstream.model.ModelTraining;
import io.charstream.model.cell.Cells;
import io.charstream.model.cell.RecurrentCell;
import io.charstream.testing.SeedText;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The inference step of every cell against DL4J's own forward pass, and a row's independence from its batch. */
class CharModelInferenceTest {
  private static final int VOCABULARY = 64;

  static List<RecurrentCell> cells() {
    return List.of(Cells.LSTM, Cells.GRU);
  }

  private static ModelSettings twoLayers(RecurrentCell cell) {
    return new ModelSettings(16, 32, 2, 0, 5, 0.01, 7, cell, true);
  }

  private static MultiLayerNetwork trainedNetwork(RecurrentCell cell) {
    Set<Integer> seen = new HashSet<>(SeedText.vocabulary(SeedText.TEXT).values());
    MultiLayerNetwork network = CharModel.create(twoLayers(cell), VOCABULARY, seen);
    List<int[]> windows = SeedText.windows(SeedText.TEXT, 30, 11);
    ModelTraining training = ModelTraining.of(network, twoLayers(cell), 1);
    for (int i = 0; i < 5; i++) {
      training.step(Batch.of(windows, VOCABULARY), false);
    }
    return network;
  }

  private static int[] seedIds(int from, int count) {
    var vocabulary = SeedText.vocabulary(SeedText.TEXT);
    return SeedText.TEXT.codePoints().skip(from).limit(count)
        .map(cp -> vocabulary.get(new String(Character.toChars(cp)))).toArray();
  }

  @ParameterizedTest
  @MethodSource("cells")
  void givesTheNetworksProbabilitiesAtEveryStep(RecurrentCell cell) {
    MultiLayerNetwork network = trainedNetwork(cell);
    int[] ids = seedIds(0, 40);
    float[] asFloats = new float[ids.length];
    for (int i = 0; i < ids.length; i++) {
      asFloats[i] = ids[i];
    }
    INDArray expected = network.output(Nd4j.create(asFloats, new long[] {1, 1, ids.length}, 'c'))
        .castTo(DataType.FLOAT);

    CharModelInference inference = CharModel.inference(network, cell);
    CharModelInference.State state = inference.newState(1);
    for (int t = 0; t < ids.length; t++) {
      float[] probabilities = inference.step(new int[] {ids[t]}, state);
      float[] wanted = expected.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(t)).dup()
          .toFloatVector();
      for (int v = 0; v < VOCABULARY; v++) {
        assertThat(probabilities[v]).as("step %d id %d", t, v).isCloseTo(wanted[v], within(2e-5f));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cells")
  void aRowsNumbersDoNotDependOnTheRestOfItsBatch(RecurrentCell cell) {
    CharModelInference inference = CharModel.inference(trainedNetwork(cell), cell);
    int[] alone = seedIds(10, 30);
    CharModelInference.State single = inference.newState(1);
    float[] aloneProbabilities = inference.read(alone, single);

    int rows = 7;
    CharModelInference.State batch = inference.newState(rows);
    float[] batchProbabilities = null;
    int[] others = seedIds(40, 150);
    for (int t = 0; t < alone.length; t++) {
      int[] ids = new int[rows];
      for (int r = 0; r < rows; r++) {
        ids[r] = r == 3 ? alone[t] : others[(r * 17 + t) % others.length];
      }
      batchProbabilities = inference.step(ids, batch);
    }
    float[] row3 = Arrays.copyOfRange(batchProbabilities, 3 * VOCABULARY, 4 * VOCABULARY);
    assertThat(row3).containsExactly(aloneProbabilities);
  }

  @ParameterizedTest
  @MethodSource("cells")
  void stackedStatesContinueAsEachRowAlone(RecurrentCell cell) {
    CharModelInference inference = CharModel.inference(trainedNetwork(cell), cell);
    CharModelInference.State first = inference.newState(1);
    CharModelInference.State second = inference.newState(1);
    inference.read(seedIds(0, 12), first);
    inference.read(seedIds(80, 5), second);
    CharModelInference.State both = inference.stack(List.of(first, second));

    float[] together = inference.step(seedIds(20, 2), both);
    float[] secondAlone = inference.step(seedIds(21, 1), second);

    assertThat(Arrays.copyOfRange(together, VOCABULARY, 2 * VOCABULARY)).containsExactly(secondAlone);
  }

  @ParameterizedTest
  @MethodSource("cells")
  void theScalarKernelGivesTheVectorKernelsBits(RecurrentCell cell) {
    assertThat(MatrixMultiply.fastest()).as("tests run with the Vector API added")
        .isInstanceOf(VectorMatrixMultiply.class);
    MultiLayerNetwork network = trainedNetwork(cell);
    CharModelInference vector = CharModel.inference(network, cell, new VectorMatrixMultiply());
    CharModelInference scalar = CharModel.inference(network, cell, new ScalarMatrixMultiply());
    int rows = 5;
    CharModelInference.State vectorState = vector.newState(rows);
    CharModelInference.State scalarState = scalar.newState(rows);
    int[] text = seedIds(0, 150);
    for (int t = 0; t < 20; t++) {
      int[] ids = new int[rows];
      for (int r = 0; r < rows; r++) {
        ids[r] = text[(r * 23 + t) % text.length];
      }
      assertThat(scalar.step(ids, scalarState)).as("step %d", t).containsExactly(vector.step(ids, vectorState));
    }
  }

  @Test
  void kernelsMultiplyOddShapesExactlyAsTheFmaChain() {
    java.util.Random random = new java.util.Random(5);
    int rows = 6;
    int k = 37;
    int n = 45; // neither a whole number of vectors nor of row blocks
    float[] left = new float[rows * k];
    float[] right = new float[k * n];
    for (int i = 0; i < left.length; i++) {
      left[i] = random.nextFloat() - 0.5f;
    }
    for (int i = 0; i < right.length; i++) {
      right[i] = random.nextFloat() - 0.5f;
    }
    float[] expected = new float[rows * n];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < n; j++) {
        float s = 0;
        for (int i = 0; i < k; i++) {
          s = Math.fma(left[r * k + i], right[i * n + j], s);
        }
        expected[r * n + j] = s;
      }
    }
    for (MatrixMultiply kernel : List.of(new VectorMatrixMultiply(), new ScalarMatrixMultiply())) {
      float[] out = new float[rows * n];
      kernel.multiply(left, rows, k, right, n, out);
      assertThat(out).as(kernel.getClass().getSimpleName()).containsExactly(expected);
    }
  }

  @ParameterizedTest
  @MethodSource("cells")
  void refusesAnIdOutsideTheVocabulary(RecurrentCell cell) {
    CharModelInference inference = CharModel.inference(trainedNetwork(cell), cell);
    assertThatThrownBy(() -> inference.step(new int[] {VOCABULARY}, inference.newState(1)))
        .hasMessageContaining("outside the vocabulary");
  }
}
