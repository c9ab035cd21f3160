package io.charstream.model.engine;

import static io.charstream.model.engine.Floats.LANES;
import static io.charstream.model.engine.Floats.tail;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

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
  private final int inputs;
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
  LstmPasses(int inputs, int hidden, long inputWeights, long recurrentWeights, long biases) {
    this.inputs = inputs;
    this.hidden = hidden;
    this.width = 4 * hidden;
    this.inputWeights = inputWeights;
    this.recurrentWeights = recurrentWeights;
    this.biases = biases;
  }

  @Override
  public void forward(Floats parameters, Floats input, long inputOffset, int rows, int steps) {
    reserve(rows, steps);
    int block = rows * hidden;
    Sgemm.multiply(false, true, steps * rows, width, inputs, input, inputOffset, inputs,
        parameters, inputWeights, inputs, 0f, gates, 0, width);
    outputs.zero(0, block);
    cells.zero(0, block);
    for (int t = 0; t < steps; t++) {
      Sgemm.multiply(false, true, rows, width, hidden, outputs, (long) t * block, hidden,
          parameters, recurrentWeights, hidden, 1f, gates, (long) t * rows * width, width);
      for (int b = 0; b < rows; b++) {
        int gate = (t * rows + b) * width;
        int state = (t * rows + b) * hidden;
        for (int j = 0; j < hidden; j += LANES) {
          cellForward(parameters, gate + j, state + j, state + block + j, (int) biases + j, tail(j, hidden));
        }
      }
    }
  }

  private void cellForward(Floats parameters, int gate, int previous, int next, int bias, VectorMask<Float> m) {
    FloatVector a = Gates.tanh(gates.load(gate, m).add(parameters.load(bias, m)));
    FloatVector f = Gates.sigmoid(gates.load(gate + hidden, m).add(parameters.load(bias + hidden, m)));
    FloatVector o = Gates.sigmoid(gates.load(gate + 2 * hidden, m).add(parameters.load(bias + 2 * hidden, m)));
    FloatVector g = Gates.sigmoid(gates.load(gate + 3 * hidden, m).add(parameters.load(bias + 3 * hidden, m)));
    FloatVector c = f.fma(cells.load(previous, m), g.mul(a));
    FloatVector tanhC = Gates.tanh(c);
    gates.store(a, gate, m);
    gates.store(f, gate + hidden, m);
    gates.store(o, gate + 2 * hidden, m);
    gates.store(g, gate + 3 * hidden, m);
    cells.store(c, next, m);
    tanhCells.store(tanhC, previous, m);
    outputs.store(o.mul(tanhC), next, m);
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
  public void backward(Floats parameters, Floats gradients, Floats input, long inputOffset, Floats inputGradients) {
    int block = rows * hidden;
    carried.zero(0, 2 * block);
    for (int t = steps - 1; t >= 0; t--) {
      for (int b = 0; b < rows; b++) {
        int gate = (t * rows + b) * width;
        int state = (t * rows + b) * hidden;
        for (int j = 0; j < hidden; j += LANES) {
          cellBackward(gate + j, state + j, b * hidden + j, block, tail(j, hidden));
        }
      }
      // dL/dh flowing to step t - 1: the gate gradients through the recurrent weights.
      Sgemm.multiply(false, false, rows, hidden, width, gates, (long) t * rows * width, width,
          parameters, recurrentWeights, hidden, 0f, carried, 0, hidden);
    }
    int all = steps * rows;
    Sgemm.multiply(true, false, width, inputs, all, gates, 0, width, input, inputOffset, inputs,
        0f, gradients, inputWeights, inputs);
    Sgemm.multiply(true, false, width, hidden, all, gates, 0, width, outputs, 0, hidden,
        0f, gradients, recurrentWeights, hidden);
    ColumnSums.of(gates, all, width, gradients, biases);
    if (inputGradients != null) {
      Sgemm.multiply(false, false, all, inputs, width, gates, 0, width, parameters, inputWeights, inputs,
          0f, inputGradients, 0, inputs);
    }
  }

  /**
   * One step's gradients for one row's lanes; {@code carry} indexes dL/dh (block 0 of
   * {@code carried}) and dL/dc (block 1) from step t + 1, and dL/dc is replaced by step t's.
   */
  private void cellBackward(int gate, int state, int carry, int block, VectorMask<Float> m) {
    FloatVector a = gates.load(gate, m);
    FloatVector f = gates.load(gate + hidden, m);
    FloatVector o = gates.load(gate + 2 * hidden, m);
    FloatVector g = gates.load(gate + 3 * hidden, m);
    FloatVector tanhC = tanhCells.load(state, m);
    FloatVector dh = outputGradients.load(state, m).add(carried.load(carry, m));
    FloatVector dc = dh.mul(o).mul(tanhC.mul(tanhC).neg().add(1f)).add(carried.load(carry + block, m));
    gates.store(dc.mul(g).mul(a.mul(a).neg().add(1f)), gate, m);
    gates.store(dc.mul(cells.load(state, m)).mul(f).mul(f.neg().add(1f)), gate + hidden, m);
    gates.store(dh.mul(tanhC).mul(o).mul(o.neg().add(1f)), gate + 2 * hidden, m);
    gates.store(dc.mul(a).mul(g).mul(g.neg().add(1f)), gate + 3 * hidden, m);
    carried.store(dc.mul(f), carry + block, m);
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
  public void free() {
    buffers.free();
  }
}
