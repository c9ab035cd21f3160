package io.charstream.model.engine;

/**
 * What the LSTM's and the GRU's passes share: a layer whose step is an input product and a
 * recurrent product (DL4J's {@code W [inputs, width]} and {@code RW [units, width]}, 'f' order,
 * one bias {@code b [width]}) feeding gates computed element-wise, one row at a time. Forward, the
 * input product of every step is made before the steps and the recurrent product at each step;
 * backward, each step's rows overwrite their gates with dL/d(x·W) and send dL/dh on to the step
 * before through the recurrent weights, and the weight gradients are one product each. Every
 * window starts from a zero state.
 */
abstract class GatedPasses implements RecurrentPasses {
  final int units;
  final int width;
  final long recurrentWeights;
  final long biases;
  private final long inputWeights;
  /** The GRU keeps h·RW apart from the gates (its reset gate scales a part of it); the LSTM adds it to them. */
  private final boolean separateRecurrent;
  private final int carriedBlocks;
  private final Buffers buffers = new Buffers();
  /** h·RW, RW packed once per batch. */
  private final PanelProduct stepProduct;
  /** dL/d(h·RW)·RWᵀ, RW packed once per batch. */
  private final PanelProduct stepGradientProduct;
  int rows;
  int steps;
  Floats gates;            // [steps][rows][width]: activated gates, then dL/d(x·W)
  Floats recurrent;        // [steps][rows][width]: h·RW, then dL/d(h·RW); the gates themselves when not separate
  Floats outputs;          // [steps + 1][rows][units]: block 0 is the zero state
  Floats outputGradients;  // [steps][rows][units]: written by the layer above
  Floats carried;          // [carriedBlocks][rows][units]: what flows back from step t + 1 to t, dL/dh first

  /**
   * @param gateCount gates per unit: the width of the products is {@code gateCount * units}
   * @param carriedBlocks {@code [rows, units]} blocks carried back from step to step
   */
  GatedPasses(int gateCount, int units, long inputWeights, long recurrentWeights, long biases,
      boolean separateRecurrent, int carriedBlocks) {
    this.units = units;
    this.width = gateCount * units;
    this.inputWeights = inputWeights;
    this.recurrentWeights = recurrentWeights;
    this.biases = biases;
    this.separateRecurrent = separateRecurrent;
    this.carriedBlocks = carriedBlocks;
    this.stepProduct = new PanelProduct(units, width);
    this.stepGradientProduct = new PanelProduct(width, units);
  }

  @Override
  public final void forward(Floats parameters, LayerInput input, int rows, int steps) {
    reserve(rows, steps);
    int block = rows * units;
    input.project(parameters, inputWeights, width, gates);
    outputs.zero(0, block);
    startFromZero();
    stepProduct.packTransposed(parameters, recurrentWeights);
    for (int t = 0; t < steps; t++) {
      input.projectStep(t, gates);
      stepProduct.multiply(outputs, (long) t * block, rows, recurrent, (long) t * rows * width, !separateRecurrent);
      for (int b = 0; b < rows; b++) {
        int state = (t * rows + b) * units;
        forwardRow(parameters, (t * rows + b) * width, state, state + block);
      }
    }
  }

  @Override
  public final void backward(Floats parameters, Floats gradients, LayerInput input) {
    carried.zero(0, carriedBlocks * rows * units);
    gradients.zero((int) biases, width);
    stepGradientProduct.pack(parameters, recurrentWeights);
    for (int t = steps - 1; t >= 0; t--) {
      for (int b = 0; b < rows; b++) {
        backwardRow((t * rows + b) * width, (t * rows + b) * units, b * units);
      }
      ColumnSums.add(gates, t * rows * width, rows, width, gradients, biases);
      input.gradientStep(t, gates);
      // dL/dh flowing to step t - 1: dL/d(h·RW) through the recurrent weights (added to what the rows left).
      stepGradientProduct.multiply(recurrent, (long) t * rows * width, rows, carried, 0, separateRecurrent);
    }
    Sgemm.multiply(true, false, width, units, steps * rows, recurrent, 0, width, outputs, 0, units,
        0f, gradients, recurrentWeights, units);
    input.backward(parameters, gradients, inputWeights, width, gates);
  }

  /** Zeroes whatever state besides the outputs the first step reads. */
  void startFromZero() {}

  /** One row of one step: its gates (at {@code gate}), from the state at {@code previous} to {@code next}. */
  abstract void forwardRow(Floats parameters, int gate, int previous, int next);

  /**
   * One row of one step's gradients: over its gates (and its recurrent products when separate),
   * with what {@code carried} holds for it from step t + 1 (at {@code carry}) replaced by what goes
   * back to step t - 1 (dL/dh before the recurrent product's share is added).
   */
  abstract void backwardRow(int gate, int state, int carry);

  /** Buffers of the cell's own, with {@code slots = rows * steps}. */
  abstract void reserve(Buffers buffers, long slots);

  private void reserve(int rows, int steps) {
    this.rows = rows;
    this.steps = steps;
    long slots = (long) rows * steps;
    gates = buffers.get("gates", slots * width);
    recurrent = separateRecurrent ? buffers.get("recurrent", slots * width) : gates;
    outputs = buffers.get("outputs", (slots + rows) * units);
    outputGradients = buffers.get("outputGradients", slots * units);
    carried = buffers.get("carried", (long) carriedBlocks * rows * units);
    reserve(buffers, slots);
  }

  @Override
  public final Floats outputs() {
    return outputs;
  }

  @Override
  public final long outputOffset() {
    return (long) rows * units;
  }

  @Override
  public final Floats outputGradients() {
    return outputGradients;
  }

  @Override
  public final long bufferFloats() {
    return buffers.floats();
  }

  @Override
  public final void free() {
    buffers.free();
  }
}
