package io.charstream.model.engine;

import static io.charstream.model.engine.Floats.LANES;
import static io.charstream.model.engine.Floats.whole;

import jdk.incubator.vector.FloatVector;

/**
 * An LSTM layer laid out as DL4J's {@code LSTM}: input weights {@code W [inputs, 4 * hidden]} and
 * recurrent weights {@code RW [hidden, 4 * hidden]}, both 'f' order, bias {@code b [4 * hidden]},
 * gate columns {@code [a, f, o, g]} with a = tanh(block input), f, o, g = sigmoid(forget, output,
 * input gate); c = f * c' + g * a, h = o * tanh(c); no peepholes; every window starts from a zero
 * state. The gates of a step are computed by one product per step (plus one for the input of all
 * steps), the element-wise work by one vector loop, and backprop overwrites the activated gates
 * with their gradients, which the weight gradients then multiply in one call each.
 */
final class LstmPasses implements RecurrentPasses {
  private final int hidden;
  private final int width;
  private final long inputWeights;
  private final long recurrentWeights;
  private final long biases;
  private final Buffers buffers = new Buffers();
  private int rows;
  private int steps;
  private Floats gates;            // [steps][rows][4 * hidden]: activated gates, then their gradients
  private Floats outputs;          // [steps + 1][rows][hidden]: block 0 is the zero state
  private Floats cells;            // [steps + 1][rows][hidden]: block 0 is the zero state
  private Floats tanhCells;        // [steps][rows][hidden]
  private Floats outputGradients;  // [steps][rows][hidden]: written by the layer above
  private Floats carried;          // [2][rows][hidden]: dL/dh and dL/dc flowing from step t + 1 to t

  /** Offsets of the layer's parameters in the network's flattened parameters (and gradients). */
  LstmPasses(int hidden, long inputWeights, long recurrentWeights, long biases) {
    this.hidden = hidden;
    this.width = 4 * hidden;
    this.inputWeights = inputWeights;
    this.recurrentWeights = recurrentWeights;
    this.biases = biases;
  }

  @Override
  public void forward(Floats parameters, LayerInput input, int rows, int steps) {
    reserve(rows, steps);
    int block = rows * hidden;
    input.project(parameters, inputWeights, width, gates);
    outputs.zero(0, block);
    cells.zero(0, block);
    for (int t = 0; t < steps; t++) {
      input.projectStep(t, gates);
      Sgemm.multiply(false, true, rows, width, hidden, outputs, (long) t * block, hidden,
          parameters, recurrentWeights, hidden, 1f, gates, (long) t * rows * width, width);
      for (int b = 0; b < rows; b++) {
        int state = (t * rows + b) * hidden;
        forwardRow(parameters, (t * rows + b) * width, state, state + block);
      }
    }
  }

  /**
   * One row of one step: the gates (bias added, activated, kept), the new cell and output. The
   * vector loop and its scalar tail live in one method: a vector passed between methods that
   * C2 does not inline is boxed on the heap, which is slower than scalar code.
   */
  private void forwardRow(Floats parameters, int gate, int previous, int next) {
    int bias = (int) biases;
    int j = 0;
    for (; j < whole(hidden); j += LANES) {
      FloatVector a = Gates.tanh(gates.load(gate + j).add(parameters.load(bias + j)));
      FloatVector f = Gates.sigmoid(gates.load(gate + hidden + j).add(parameters.load(bias + hidden + j)));
      FloatVector o = Gates.sigmoid(gates.load(gate + 2 * hidden + j).add(parameters.load(bias + 2 * hidden + j)));
      FloatVector g = Gates.sigmoid(gates.load(gate + 3 * hidden + j).add(parameters.load(bias + 3 * hidden + j)));
      FloatVector c = f.fma(cells.load(previous + j), g.mul(a));
      FloatVector tanhC = Gates.tanh(c);
      gates.store(a, gate + j);
      gates.store(f, gate + hidden + j);
      gates.store(o, gate + 2 * hidden + j);
      gates.store(g, gate + 3 * hidden + j);
      cells.store(c, next + j);
      tanhCells.store(tanhC, previous + j);
      outputs.store(o.mul(tanhC), next + j);
    }
    for (; j < hidden; j++) {
      float a = Gates.tanh(gates.get(gate + j) + parameters.get(bias + j));
      float f = Gates.sigmoid(gates.get(gate + hidden + j) + parameters.get(bias + hidden + j));
      float o = Gates.sigmoid(gates.get(gate + 2 * hidden + j) + parameters.get(bias + 2 * hidden + j));
      float g = Gates.sigmoid(gates.get(gate + 3 * hidden + j) + parameters.get(bias + 3 * hidden + j));
      float c = f * cells.get(previous + j) + g * a;
      float tanhC = Gates.tanh(c);
      gates.set(gate + j, a);
      gates.set(gate + hidden + j, f);
      gates.set(gate + 2 * hidden + j, o);
      gates.set(gate + 3 * hidden + j, g);
      cells.set(next + j, c);
      tanhCells.set(previous + j, tanhC);
      outputs.set(next + j, o * tanhC);
    }
  }

  @Override
  public Floats outputs() {
    return outputs;
  }

  @Override
  public long outputOffset() {
    return (long) rows * hidden;
  }

  @Override
  public Floats outputGradients() {
    return outputGradients;
  }

  @Override
  public void backward(Floats parameters, Floats gradients, LayerInput input) {
    int block = rows * hidden;
    carried.zero(0, 2 * block);
    gradients.zero((int) biases, width);
    for (int t = steps - 1; t >= 0; t--) {
      for (int b = 0; b < rows; b++) {
        backwardRow((t * rows + b) * width, (t * rows + b) * hidden, b * hidden, block);
      }
      ColumnSums.add(gates, t * rows * width, rows, width, gradients, biases);
      input.gradientStep(t, gates);
      // dL/dh flowing to step t - 1: the gate gradients through the recurrent weights.
      Sgemm.multiply(false, false, rows, hidden, width, gates, (long) t * rows * width, width,
          parameters, recurrentWeights, hidden, 0f, carried, 0, hidden);
    }
    int all = steps * rows;
    Sgemm.multiply(true, false, width, hidden, all, gates, 0, width, outputs, 0, hidden,
        0f, gradients, recurrentWeights, hidden);
    input.backward(parameters, gradients, inputWeights, width, gates);
  }

  /**
   * One row of one step's gradients, written over its activated gates; {@code carry} indexes
   * dL/dh (block 0 of {@code carried}) and dL/dc (block 1) from step t + 1, and dL/dc is replaced
   * by step t's. One method for the loop and its tail, as {@link #forwardRow} says why.
   */
  private void backwardRow(int gate, int state, int carry, int block) {
    int j = 0;
    for (; j < whole(hidden); j += LANES) {
      FloatVector a = gates.load(gate + j);
      FloatVector f = gates.load(gate + hidden + j);
      FloatVector o = gates.load(gate + 2 * hidden + j);
      FloatVector g = gates.load(gate + 3 * hidden + j);
      FloatVector tanhC = tanhCells.load(state + j);
      FloatVector dh = outputGradients.load(state + j).add(carried.load(carry + j));
      FloatVector dc = dh.mul(o).mul(tanhC.mul(tanhC).neg().add(1f)).add(carried.load(carry + block + j));
      gates.store(dc.mul(g).mul(a.mul(a).neg().add(1f)), gate + j);
      gates.store(dc.mul(cells.load(state + j)).mul(f).mul(f.neg().add(1f)), gate + hidden + j);
      gates.store(dh.mul(tanhC).mul(o).mul(o.neg().add(1f)), gate + 2 * hidden + j);
      gates.store(dc.mul(a).mul(g).mul(g.neg().add(1f)), gate + 3 * hidden + j);
      carried.store(dc.mul(f), carry + block + j);
    }
    for (; j < hidden; j++) {
      float a = gates.get(gate + j);
      float f = gates.get(gate + hidden + j);
      float o = gates.get(gate + 2 * hidden + j);
      float g = gates.get(gate + 3 * hidden + j);
      float tanhC = tanhCells.get(state + j);
      float dh = outputGradients.get(state + j) + carried.get(carry + j);
      float dc = dh * o * (1 - tanhC * tanhC) + carried.get(carry + block + j);
      gates.set(gate + j, dc * g * (1 - a * a));
      gates.set(gate + hidden + j, dc * cells.get(state + j) * f * (1 - f));
      gates.set(gate + 2 * hidden + j, dh * tanhC * o * (1 - o));
      gates.set(gate + 3 * hidden + j, dc * a * g * (1 - g));
      carried.set(carry + block + j, dc * f);
    }
  }

  private void reserve(int rows, int steps) {
    this.rows = rows;
    this.steps = steps;
    long slots = (long) rows * steps;
    gates = buffers.get("gates", slots * width);
    outputs = buffers.get("outputs", (slots + rows) * hidden);
    cells = buffers.get("cells", (slots + rows) * hidden);
    tanhCells = buffers.get("tanhCells", slots * hidden);
    outputGradients = buffers.get("outputGradients", slots * hidden);
    carried = buffers.get("carried", 2L * rows * hidden);
  }

  @Override
  public long bufferFloats() {
    return buffers.floats();
  }

  @Override
  public void free() {
    buffers.free();
  }
}
