package io.charstream.model.engine;

/**
 * One recurrent layer's forward and backward passes over one replica's rows. Sequences are
 * time-major and row-major: step t of row b of an {@code n}-wide array starts at
 * {@code (t * rows + b) * n}, so every step is one contiguous {@code [rows, n]} matrix and all
 * steps together one {@code [steps * rows, n]} matrix, which the input projections and weight
 * gradients multiply in one call each.
 */
interface RecurrentPasses {
  /** Runs the layer over its input at {@code rows * steps} positions. */
  void forward(Floats parameters, LayerInput input, int rows, int steps);

  /** The outputs of the last forward pass: {@code [steps * rows, units]} from {@link #outputOffset}. */
  Floats outputs();

  long outputOffset();

  /** Where the layer above writes the gradient at each step's output, {@code [steps * rows, units]}, before {@link #backward}. */
  Floats outputGradients();

  /**
   * Backprop through time over the last forward pass: writes this layer's parameter gradients into
   * {@code gradients} (same layout as the parameters) and hands the gradient at its input back to
   * the input.
   */
  void backward(Floats parameters, Floats gradients, LayerInput input);

  /** Floats held by the layer's buffers. */
  long bufferFloats();

  void free();
}
