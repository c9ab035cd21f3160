package io.charstream.model.inference;

import static io.charstream.model.inference.Activations.floats;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained character model read out for generation: one time step for a batch of rows, each row
 * with its own recurrent state, in as few native calls as possible.
 *
 * <p>Why not {@code rnnTimeStep}: one character costs the stock path about a dozen native calls,
 * workspace bookkeeping and [batch, features, time] reshapes, so at batch 1 it is bound by
 * overhead; and BLAS, which it calls, gives a row different low bits at different batch sizes.
 * Here a step is, in plain Java, the embedding lookup, each recurrent layer's {@link CellStep} and
 * one multiply for the output layer, by a {@link MatrixMultiply} that computes every row the same
 * way whatever the batch, then the softmax row by row. So a request's numbers, and its sampled
 * text, are the same alone or in any batch.
 *
 * <p>The weights are copied out of the network once and never written, and everything a step
 * changes is in the {@link State} it is given: threads may share an instance as long as each
 * steps its own states.
 */
public final class CharModelInference {
  private final float[] embedding; // [vocabulary][embeddingSize], row-major
  private final float[] embeddingBias; // null when the embedding layer has none
  private final int embeddingSize;
  private final List<CellStep> layers;
  private final float[] outputWeights; // [units][vocabulary]
  private final float[] outputBias;
  private final int vocabulary;
  private final MatrixMultiply kernel;

  /** The recurrent state of a batch of rows: per layer, its state arrays, each {@code [rows][units]} row-major. */
  public static final class State {
    final int rows;
    final float[][][] arrays;

    private State(int rows, List<CellStep> layers) {
      this.rows = rows;
      this.arrays = new float[layers.size()][][];
      for (int l = 0; l < layers.size(); l++) {
        arrays[l] = new float[layers.get(l).stateArrays()][rows * layers.get(l).units()];
      }
    }
  }

  /**
   * @param network Embedding → recurrent layers → softmax output, as {@code CharModel} builds it
   * @param layers the recurrent layers' steps, first layer first
   */
  public CharModelInference(MultiLayerNetwork network, List<CellStep> layers, MatrixMultiply kernel) {
    this.kernel = kernel;
    this.layers = List.copyOf(layers);
    int last = network.getnLayers() - 1;
    INDArray embeddingTable = network.getParam("0_W");
    this.vocabulary = (int) embeddingTable.size(0);
    this.embeddingSize = (int) embeddingTable.size(1);
    this.embedding = floats(embeddingTable);
    this.embeddingBias = network.paramTable().containsKey("0_b") ? floats(network.getParam("0_b")) : null;
    this.outputWeights = floats(network.getParam(last + "_W"));
    this.outputBias = floats(network.getParam(last + "_b"));
  }

  public int vocabulary() {
    return vocabulary;
  }

  /** A zero state for {@code rows} rows, as a network starts a sequence. */
  public State newState(int rows) {
    return new State(rows, layers);
  }

  /** The state of several single-row states, stacked in the given order. */
  public State stack(List<State> singles) {
    State stacked = new State(singles.size(), layers);
    for (int l = 0; l < layers.size(); l++) {
      int units = layers.get(l).units();
      for (int a = 0; a < stacked.arrays[l].length; a++) {
        for (int r = 0; r < singles.size(); r++) {
          System.arraycopy(singles.get(r).arrays[l][a], 0, stacked.arrays[l][a], r * units, units);
        }
      }
    }
    return stacked;
  }

  /**
   * Feeds one id per row and advances the state.
   *
   * @return the next-id probabilities, {@code [rows][vocabulary]} row-major
   */
  public float[] step(int[] ids, State state) {
    int rows = state.rows;
    if (ids.length != rows) {
      throw new IllegalArgumentException(ids.length + " ids for a state of " + rows + " rows");
    }
    float[] below = embed(ids);
    for (int l = 0; l < layers.size(); l++) {
      below = layers.get(l).step(below, state.arrays[l], rows, kernel);
    }
    int units = layers.get(layers.size() - 1).units();
    float[] logits = new float[rows * vocabulary];
    kernel.multiply(below, rows, units, outputWeights, vocabulary, logits);
    return softmaxRows(logits, rows);
  }

  /** Feeds a whole sequence to a single row's state; returns the probabilities after its last id. */
  public float[] read(int[] ids, State state) {
    if (ids.length == 0) {
      throw new IllegalArgumentException("nothing to read: no ids");
    }
    float[] probabilities = null;
    for (int id : ids) {
      probabilities = step(new int[] {id}, state);
    }
    return probabilities;
  }

  private float[] embed(int[] ids) {
    float[] rows = new float[ids.length * embeddingSize];
    for (int r = 0; r < ids.length; r++) {
      int id = ids[r];
      if (id < 0 || id >= vocabulary) {
        throw new IllegalArgumentException("id " + id + " is outside the vocabulary of " + vocabulary);
      }
      System.arraycopy(embedding, id * embeddingSize, rows, r * embeddingSize, embeddingSize);
      if (embeddingBias != null) {
        for (int k = 0; k < embeddingSize; k++) {
          rows[r * embeddingSize + k] += embeddingBias[k];
        }
      }
    }
    return rows;
  }

  private float[] softmaxRows(float[] logits, int rows) {
    for (int r = 0; r < rows; r++) {
      int base = r * vocabulary;
      float max = Float.NEGATIVE_INFINITY;
      for (int v = 0; v < vocabulary; v++) {
        logits[base + v] += outputBias[v];
        max = Math.max(max, logits[base + v]);
      }
      double total = 0;
      for (int v = 0; v < vocabulary; v++) {
        float e = (float) Math.exp(logits[base + v] - max);
        logits[base + v] = e;
        total += e;
      }
      float scale = (float) (1 / total);
      for (int v = 0; v < vocabulary; v++) {
        logits[base + v] *= scale;
      }
    }
    return logits;
  }
}
