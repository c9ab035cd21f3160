package io.charstream.model.engine;

/**
 * What a recurrent layer reads at every position, seen only through the product with the layer's
 * input weights {@code W} ('f'-order {@code [inputs, width]}): the layer asks for that product
 * going forward and hands back its gradient going backward.
 */
interface LayerInput {
  /**
   * Before the steps: {@code input · W} for every position, {@code [positions, width]} row-major,
   * is in {@code into} once this and {@link #projectStep} for each step have run.
   */
  void project(Floats parameters, long weights, int width, Floats into);

  /** Completes step t's rows of the projection, just before the layer uses them (while they are in cache). */
  default void projectStep(int t, Floats into) {}

  /** Takes step t's rows of dL/d(input · W) just after the layer wrote them (while they are in cache). */
  default void gradientStep(int t, Floats projectionGradients) {}

  /**
   * After the steps: from dL/d(input · W) at every position ({@code [positions, width]}), writes
   * dL/dW into {@code gradients} at {@code weights} and sends dL/d(input) on to where the input came from.
   */
  void backward(Floats parameters, Floats gradients, long weights, int width, Floats projectionGradients);
}
