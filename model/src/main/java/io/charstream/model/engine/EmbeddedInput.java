package io.charstream.model.engine;

import java.util.List;

/**
 * The embedding (DL4J's {@code EmbeddingSequenceLayer} without bias, {@code E [vocabulary, size]}
 * in 'f' order) folded into the first recurrent layer's input product. The embedded input of a
 * position is row {@code id} of E, so its product with W is row {@code id} of {@code E · W}: one
 * small product per batch, then a row copy per position, step by step as the layer needs them.
 * Backward, the gradients of positions with the same id are summed as each step's are written
 * ({@code S}, one row per id), and then dL/dW = Eᵀ · S and dL/dE = S · Wᵀ are two small products
 * instead of two over every position.
 */
final class EmbeddedInput implements LayerInput {
  private final int vocabulary;
  private final int size;
  private final long embedding;
  private final Buffers buffers = new Buffers();
  private List<int[]> windows;
  private int steps;
  private int width;
  private Floats table;
  private Floats sums;

  /** @param embedding offset of E in the flattened parameters */
  EmbeddedInput(int vocabulary, int size, long embedding) {
    this.vocabulary = vocabulary;
    this.size = size;
    this.embedding = embedding;
  }

  /** The ids of the next passes: row b's input at step t is {@code windows.get(b)[t]}. */
  EmbeddedInput of(List<int[]> windows, int steps) {
    this.windows = windows;
    this.steps = steps;
    return this;
  }

  @Override
  public void project(Floats parameters, long weights, int width, Floats into) {
    this.width = width;
    table = buffers.get("table", (long) vocabulary * width);
    sums = buffers.get("sums", (long) vocabulary * width);
    sums.zero(0, vocabulary * width);
    Sgemm.multiply(true, true, vocabulary, width, size, parameters, embedding, vocabulary, parameters, weights, size,
        0f, table, 0, width);
  }

  @Override
  public void projectStep(int t, Floats into) {
    int rows = windows.size();
    for (int b = 0; b < rows; b++) {
      into.copyFrom(table, windows.get(b)[t] * width, (t * rows + b) * width, width);
    }
  }

  @Override
  public void gradientStep(int t, Floats projectionGradients) {
    int rows = windows.size();
    for (int b = 0; b < rows; b++) {
      sums.addFrom(projectionGradients, (t * rows + b) * width, windows.get(b)[t] * width, width);
    }
  }

  @Override
  public void backward(Floats parameters, Floats gradients, long weights, int width, Floats projectionGradients) {
    Sgemm.multiply(true, true, width, size, vocabulary, sums, 0, width, parameters, embedding, vocabulary,
        0f, gradients, weights, size);
    Sgemm.multiply(true, true, size, vocabulary, width, parameters, weights, size, sums, 0, width,
        0f, gradients, embedding, vocabulary);
  }

  long bufferFloats() {
    return buffers.floats();
  }

  void free() {
    buffers.free();
  }
}
