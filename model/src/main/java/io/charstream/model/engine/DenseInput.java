package io.charstream.model.engine;

/**
 * The outputs of the layer below, {@code [positions, inputs]} from an offset: one product each
 * way; in training, with dropout, the kept outputs scaled (see {@link #droppedOut}).
 */
final class DenseInput implements LayerInput {
  private final Floats values;
  private final long offset;
  private final int inputs;
  private final int positions;
  private final Floats gradients;
  private final Floats mask;

  /** @param gradients where dL/d(input) goes, {@code [positions, inputs]} from 0 */
  DenseInput(Floats values, long offset, int inputs, int positions, Floats gradients) {
    this(values, offset, inputs, positions, gradients, null);
  }

  private DenseInput(Floats values, long offset, int inputs, int positions, Floats gradients, Floats mask) {
    this.values = values;
    this.offset = offset;
    this.inputs = inputs;
    this.positions = positions;
    this.gradients = gradients;
    this.mask = mask;
  }

  /**
   * This input with a dropout mask applied (0 or 1/keep per element): the product reads the
   * masked copy in {@code dropped}, and the gradient sent back is masked alike.
   */
  DenseInput droppedOut(Floats mask, Floats dropped) {
    dropped.setProduct(values, (int) offset, mask, positions * inputs);
    return new DenseInput(dropped, 0, inputs, positions, gradients, mask);
  }

  @Override
  public void project(Floats parameters, long weights, int width, Floats into) {
    Sgemm.multiply(false, true, positions, width, inputs, values, offset, inputs, parameters, weights, inputs,
        0f, into, 0, width);
  }

  @Override
  public void backward(Floats parameters, Floats parameterGradients, long weights, int width,
      Floats projectionGradients) {
    Sgemm.multiply(true, false, width, inputs, positions, projectionGradients, 0, width, values, offset, inputs,
        0f, parameterGradients, weights, inputs);
    Sgemm.multiply(false, false, positions, inputs, width, projectionGradients, 0, width, parameters, weights, inputs,
        0f, gradients, 0, inputs);
    if (mask != null) {
      gradients.setProduct(gradients, 0, mask, positions * inputs);
    }
  }
}
