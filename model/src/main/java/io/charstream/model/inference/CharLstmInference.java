package io.charstream.model.inference;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained {@link CharLstm} read out for generation: one time step for a batch of rows, each row
 * with its own recurrent state, in as few native calls as possible.
 *
 * <p>Why not {@code rnnTimeStep}: one character costs the stock path about a dozen native calls,
 * workspace bookkeeping and [batch, features, time] reshapes, so at batch 1 it is bound by
 * overhead (~0.6 ms per character for LSTM 256, six times PyTorch); and BLAS, which it calls,
 * gives a row different low bits at different batch sizes. Here a step is, in plain Java, one
 * matrix multiply per LSTM layer (input and recurrent weights stacked: {@code [x, h] · [W; RW]})
 * and one for the output layer, by a {@link MatrixMultiply} that computes every row the same way
 * whatever the batch, then the gates, the cell update and the softmax row by row. So a request's
 * numbers, and its sampled text, are the same alone or in any batch.
 *
 * <p>The weights are copied out of the network once and never written, and everything a step
 * changes is in the {@link State} it is given: threads may share an instance as long as each
 * steps its own states.
 */
public final class CharLstmInference {
  private final float[] embedding; // [vocabulary][embeddingSize], row-major
  private final float[] embeddingBias; // null when the embedding layer has none
  private final int embeddingSize;
  private final List<LstmWeights> layers = new ArrayList<>();
  private final float[] outputWeights; // [hidden][vocabulary]
  private final float[] outputBias;
  private final int vocabulary;
  private final MatrixMultiply kernel;

  /** One LSTM layer: {@code stacked} is [inputs + hidden][4 * hidden], the input weights above the recurrent. */
  private record LstmWeights(float[] stacked, float[] bias, int inputs, int hidden) {}

  /** The recurrent state of a batch of rows: per layer, {@code [rows][hidden]} row-major. */
  public static final class State {
    final int rows;
    final float[][] outputs;
    final float[][] cells;

    private State(int rows, List<LstmWeights> layers) {
      this.rows = rows;
      this.outputs = new float[layers.size()][];
      this.cells = new float[layers.size()][];
      for (int l = 0; l < layers.size(); l++) {
        outputs[l] = new float[rows * layers.get(l).hidden()];
        cells[l] = new float[rows * layers.get(l).hidden()];
      }
    }
  }

  public CharLstmInference(MultiLayerNetwork network) {
    this(network, MatrixMultiply.fastest());
  }

  CharLstmInference(MultiLayerNetwork network, MatrixMultiply kernel) {
    this.kernel = kernel;
    int last = network.getnLayers() - 1;
    INDArray embeddingTable = network.getParam("0_W");
    this.vocabulary = (int) embeddingTable.size(0);
    this.embeddingSize = (int) embeddingTable.size(1);
    this.embedding = floats(embeddingTable);
    this.embeddingBias = network.paramTable().containsKey("0_b") ? floats(network.getParam("0_b")) : null;
    for (int l = 1; l < last; l++) {
      INDArray input = network.getParam(l + "_W");
      INDArray recurrent = network.getParam(l + "_RW");
      layers.add(new LstmWeights(floats(Nd4j.vstack(input, recurrent)), floats(network.getParam(l + "_b")),
          (int) input.size(0), (int) recurrent.size(0)));
    }
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
      int hidden = layers.get(l).hidden();
      for (int r = 0; r < singles.size(); r++) {
        System.arraycopy(singles.get(r).outputs[l], 0, stacked.outputs[l], r * hidden, hidden);
        System.arraycopy(singles.get(r).cells[l], 0, stacked.cells[l], r * hidden, hidden);
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
      below = lstmStep(layers.get(l), below, state.outputs[l], state.cells[l], rows);
    }
    int hidden = layers.get(layers.size() - 1).hidden();
    float[] logits = new float[rows * vocabulary];
    kernel.multiply(below, rows, hidden, outputWeights, vocabulary, logits);
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

  /** One LSTM step in DL4J's gate order [a (tanh), f, o, i (sigmoid)]; updates h and c in place. */
  private float[] lstmStep(LstmWeights weights, float[] input, float[] h, float[] c, int rows) {
    int inputs = weights.inputs();
    int hidden = weights.hidden();
    int width = inputs + hidden;
    float[] joined = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(input, r * inputs, joined, r * width, inputs);
      System.arraycopy(h, r * hidden, joined, r * width + inputs, hidden);
    }
    float[] gates = new float[rows * 4 * hidden];
    kernel.multiply(joined, rows, width, weights.stacked(), 4 * hidden, gates);
    float[] bias = weights.bias();
    for (int r = 0; r < rows; r++) {
      int g = r * 4 * hidden;
      int s = r * hidden;
      for (int j = 0; j < hidden; j++) {
        float a = tanh(gates[g + j] + bias[j]);
        float f = sigmoid(gates[g + hidden + j] + bias[hidden + j]);
        float o = sigmoid(gates[g + 2 * hidden + j] + bias[2 * hidden + j]);
        float i = sigmoid(gates[g + 3 * hidden + j] + bias[3 * hidden + j]);
        float cell = f * c[s + j] + i * a;
        c[s + j] = cell;
        h[s + j] = o * tanh(cell);
      }
    }
    return h;
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

  private static float sigmoid(float x) {
    return (float) (1 / (1 + Math.exp(-x)));
  }

  /** Through {@link Math#exp}, which HotSpot compiles to a fast intrinsic; {@link Math#tanh} is several times slower. */
  private static float tanh(float x) {
    return (float) (1 - 2 / (Math.exp(2.0 * x) + 1));
  }

  private static float[] floats(INDArray array) {
    return array.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }
}
