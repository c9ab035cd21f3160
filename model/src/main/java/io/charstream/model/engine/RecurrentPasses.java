package io.charstream.model.engine;

/**
 * One recurrent layer's forward and backward passes over one replica's rows. Sequences are
 * time-major and row-major: step t of row b of an {@code n}-wide array starts at
 * {@code (t * rows + b) * n}, so every step is one contiguous {@code [rows, n]} matrix and all
 * steps together one {@code [steps * rows, n]} matrix, which the input projections and weight
 * gradients multiply in one call each.
 */
interface RecurrentPasses {
  /** Runs the layer over {@code [steps * rows, inputs]} input starting at {@code input[inputOffset]}. */
  void forward(Floats parameters, Floats input, long inputOffset, int rows, int steps);

  /** The outputs of the last forward pass: {@code [steps * rows, units]} from {@link #outputOffset}. */
  Floats outputs();

  long outputOffset();

  /** Where the layer above writes the gradient at each step's output, {@code [steps * rows, units]}, before {@link #backward}. */
  Floats outputGradients();

  /**
   * Backprop through time over the last forward pass: writes this layer's parameter gradients into
   * {@code gradients} (same layout as the parameters) and, unless {@code inputGradients} is null,
   * the gradient at its input.
   */
  void backward(Floats parameters, Floats gradients, Floats input, long inputOffset, Floats inputGradients);

  void free();
}
