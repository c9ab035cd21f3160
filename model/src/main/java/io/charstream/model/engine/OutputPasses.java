package io.charstream.model.engine;

import static io.charstream.model.engine.Floats.LANES;
import static io.charstream.model.engine.Floats.whole;

import io.charstream.model.Scores;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The output layer as DL4J's {@code RnnOutputLayer} with softmax and multi-class cross-entropy:
 * weights {@code W [hidden, vocabulary]} ('f' order), bias {@code b [vocabulary]}, inverted dropout
 * on its input in training. The forward pass scores every position; in training it leaves
 * dL/dlogits = p - onehot(target) in place of the logits for {@link #backward}.
 */
final class OutputPasses {
  private final int hidden;
  private final int vocabulary;
  private final long weights;
  private final long biases;
  private final DropoutMask dropout;
  private final Buffers buffers = new Buffers();
  private int positions;
  private Floats logits;   // [steps][rows][vocabulary]
  private Floats dropped;  // [steps][rows][hidden]: the input with dropout applied, in training
  private Floats mask;     // [steps][rows][hidden]: 0 or 1 / keep
  private Floats input;
  private long inputOffset;

  OutputPasses(int hidden, int vocabulary, long weights, long biases, DropoutMask dropout) {
    this.hidden = hidden;
    this.vocabulary = vocabulary;
    this.weights = weights;
    this.biases = biases;
    this.dropout = dropout;
  }

  /**
   * @param windows this replica's windows: row b's targets at step t is {@code windows.get(b)[t + 1]}
   * @param firstRow the batch row of {@code windows.get(0)}, which seeds the dropout mask
   */
  Scores forward(Floats parameters, Floats top, long topOffset, List<int[]> windows, int firstRow, int steps,
      long iteration, boolean training, boolean measureAccuracy) {
    int rows = windows.size();
    positions = rows * steps;
    logits = buffers.get("logits", (long) positions * vocabulary);
    input = top;
    inputOffset = topOffset;
    if (training && dropout.active()) {
      dropped = buffers.get("dropped", (long) positions * hidden);
      mask = buffers.get("mask", (long) positions * hidden);
      dropout.fill(mask, rows, steps, hidden, firstRow, iteration);
      dropped.setProduct(top, (int) topOffset, mask, positions * hidden);
      input = dropped;
      inputOffset = 0;
    }
    Sgemm.multiply(false, true, positions, vocabulary, hidden, input, inputOffset, hidden,
        parameters, weights, hidden, 0f, logits, 0, vocabulary);
    double lossSum = 0;
    long correct = 0;
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < rows; b++) {
        int row = (t * rows + b) * vocabulary;
        int target = windows.get(b)[t + 1];
        lossSum += softmax(parameters, row, target, training);
        if (measureAccuracy && argmaxIs(row, target, training)) {
          correct++;
        }
      }
    }
    return new Scores(lossSum, positions, correct, measureAccuracy ? positions : 0);
  }

  /**
   * Adds the bias to one row's logits and turns them into probabilities (or, in training, into
   * p - onehot(target)).
   *
   * @return the row's loss, -log p(target)
   */
  private double softmax(Floats parameters, int row, int target, boolean training) {
    int whole = whole(vocabulary);
    int bias = (int) biases;
    FloatVector max = FloatVector.broadcast(Floats.SPECIES, Float.NEGATIVE_INFINITY);
    for (int v = 0; v < whole; v += LANES) {
      FloatVector z = logits.load(row + v).add(parameters.load(bias + v));
      logits.store(z, row + v);
      max = max.max(z);
    }
    float highest = max.reduceLanes(VectorOperators.MAX);
    for (int v = whole; v < vocabulary; v++) {
      float z = logits.get(row + v) + parameters.get(bias + v);
      logits.set(row + v, z);
      highest = Math.max(highest, z);
    }
    float targetLogit = logits.get(row + target);
    FloatVector sums = FloatVector.zero(Floats.SPECIES);
    for (int v = 0; v < whole; v += LANES) {
      FloatVector e = logits.load(row + v).sub(highest).lanewise(VectorOperators.EXP);
      logits.store(e, row + v);
      sums = sums.add(e);
    }
    float sum = sums.reduceLanes(VectorOperators.ADD);
    for (int v = whole; v < vocabulary; v++) {
      float e = (float) Math.exp(logits.get(row + v) - highest);
      logits.set(row + v, e);
      sum += e;
    }
    float scale = 1f / sum;
    for (int v = 0; v < whole; v += LANES) {
      logits.store(logits.load(row + v).mul(scale), row + v);
    }
    for (int v = whole; v < vocabulary; v++) {
      logits.set(row + v, logits.get(row + v) * scale);
    }
    if (training) {
      logits.add(row + target, -1f);
    }
    return Math.log(sum) + highest - targetLogit;
  }

  /** Whether the most likely id (the first, on a tie) is the target: p - onehot moves only the target's entry. */
  private boolean argmaxIs(int row, int target, boolean training) {
    float targetValue = logits.get(row + target) + (training ? 1f : 0f);
    for (int v = 0; v < vocabulary; v++) {
      float value = logits.get(row + v);
      if (v < target ? value >= targetValue : v > target && value > targetValue) {
        return false;
      }
    }
    return true;
  }

  /** Writes the output layer's gradients, and dL/d(input) into {@code topGradients} from offset 0. */
  void backward(Floats parameters, Floats gradients, Floats topGradients) {
    Sgemm.multiply(true, false, vocabulary, hidden, positions, logits, 0, vocabulary, input, inputOffset, hidden,
        0f, gradients, weights, hidden);
    ColumnSums.of(logits, positions, vocabulary, gradients, biases);
    Sgemm.multiply(false, false, positions, hidden, vocabulary, logits, 0, vocabulary, parameters, weights, hidden,
        0f, topGradients, 0, hidden);
    if (input == dropped) {
      topGradients.setProduct(topGradients, 0, mask, positions * hidden);
    }
  }

  long bufferFloats() {
    return buffers.floats();
  }

  void free() {
    buffers.free();
  }
}
