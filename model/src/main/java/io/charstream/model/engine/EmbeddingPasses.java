package io.charstream.model.engine;

import java.util.List;

/**
 * The embedding as DL4J's {@code EmbeddingSequenceLayer} without bias: {@code W [vocabulary, size]}
 * in 'f' order, so id i's vector is {@code W[i + e * vocabulary]} for e in {@code [0, size)}.
 */
final class EmbeddingPasses {
  private final int vocabulary;
  private final int size;
  private final long weights;
  private final Buffers buffers = new Buffers();
  private Floats embedded;
  private Floats gradients;

  EmbeddingPasses(int vocabulary, int size, long weights) {
    this.vocabulary = vocabulary;
    this.size = size;
    this.weights = weights;
  }

  /** Looks up the input ids, {@code windows.get(b)[t]} for t in {@code [0, steps)}, as {@code [steps][rows][size]}. */
  Floats forward(Floats parameters, List<int[]> windows, int steps) {
    int rows = windows.size();
    embedded = buffers.get("embedded", (long) rows * steps * size);
    gradients = buffers.get("gradients", (long) rows * steps * size);
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < rows; b++) {
        int id = windows.get(b)[t];
        int at = (t * rows + b) * size;
        for (int e = 0; e < size; e++) {
          embedded.set(at + e, parameters.get((int) weights + id + e * vocabulary));
        }
      }
    }
    return embedded;
  }

  /** The last forward pass's vectors. */
  Floats embedded() {
    return embedded;
  }

  /** Where the first recurrent layer writes dL/d(embedded). */
  Floats inputGradients() {
    return gradients;
  }

  /** Sums dL/d(embedded) into the rows of the ids that were looked up. */
  void backward(List<int[]> windows, int steps, Floats parameterGradients) {
    int rows = windows.size();
    parameterGradients.zero((int) weights, vocabulary * size);
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < rows; b++) {
        int id = windows.get(b)[t];
        int at = (t * rows + b) * size;
        for (int e = 0; e < size; e++) {
          parameterGradients.add((int) weights + id + e * vocabulary, gradients.get(at + e));
        }
      }
    }
  }

  void free() {
    buffers.free();
  }
}
