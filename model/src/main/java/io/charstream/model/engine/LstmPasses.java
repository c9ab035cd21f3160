package io.charstream.model.engine;

import static io.charstream.model.engine.Floats.LANES;
import static io.charstream.model.engine.Floats.whole;

import jdk.incubator.vector.FloatVector;

/**
 * An LSTM layer laid out as DL4J's {@code LSTM}: {@code W [inputs, 4 * units]},
 * {@code RW [units, 4 * units]}, bias {@code b [4 * units]}, gate columns {@code [a, f, o, g]}
 * with a = tanh(block input), f, o, g = sigmoid(forget, output, input gate);
 * c = f * c' + g * a, h = o * tanh(c); no peepholes. The recurrent product is added to the gates.
 */
final class LstmPasses extends GatedPasses {
  private Floats cells;            // [steps + 1][rows][units]: block 0 is the zero state
  private Floats tanhCells;        // [steps][rows][units]

  /** Offsets of the layer's parameters in the network's flattened parameters (and gradients). */
  LstmPasses(int units, long inputWeights, long recurrentWeights, long biases) {
    super(4, units, inputWeights, recurrentWeights, biases, false, 2);
  }

  @Override
  void startFromZero() {
    cells.zero(0, rows * units);
  }

  /**
   * One row of one step: the gates (bias added, activated, kept), the new cell and output. The
   * vector loop and its scalar tail live in one method: a vector passed between methods that
   * C2 does not inline is boxed on the heap, which is slower than scalar code.
   */
  @Override
  void forwardRow(Floats parameters, int gate, int previous, int next) {
    int bias = (int) biases;
    int j = 0;
    for (; j < whole(units); j += LANES) {
      FloatVector a = Gates.tanh(gates.load(gate + j).add(parameters.load(bias + j)));
      FloatVector f = Gates.sigmoid(gates.load(gate + units + j).add(parameters.load(bias + units + j)));
      FloatVector o = Gates.sigmoid(gates.load(gate + 2 * units + j).add(parameters.load(bias + 2 * units + j)));
      FloatVector g = Gates.sigmoid(gates.load(gate + 3 * units + j).add(parameters.load(bias + 3 * units + j)));
      FloatVector c = f.fma(cells.load(previous + j), g.mul(a));
      FloatVector tanhC = Gates.tanh(c);
      gates.store(a, gate + j);
      gates.store(f, gate + units + j);
      gates.store(o, gate + 2 * units + j);
      gates.store(g, gate + 3 * units + j);
      cells.store(c, next + j);
      tanhCells.store(tanhC, previous + j);
      outputs.store(o.mul(tanhC), next + j);
    }
    for (; j < units; j++) {
      float a = Gates.tanh(gates.get(gate + j) + parameters.get(bias + j));
      float f = Gates.sigmoid(gates.get(gate + units + j) + parameters.get(bias + units + j));
      float o = Gates.sigmoid(gates.get(gate + 2 * units + j) + parameters.get(bias + 2 * units + j));
      float g = Gates.sigmoid(gates.get(gate + 3 * units + j) + parameters.get(bias + 3 * units + j));
      float c = f * cells.get(previous + j) + g * a;
      float tanhC = Gates.tanh(c);
      gates.set(gate + j, a);
      gates.set(gate + units + j, f);
      gates.set(gate + 2 * units + j, o);
      gates.set(gate + 3 * units + j, g);
      cells.set(next + j, c);
      tanhCells.set(previous + j, tanhC);
      outputs.set(next + j, o * tanhC);
    }
  }

  /**
   * One row of one step's gradients, written over its activated gates; {@code carry} indexes
   * dL/dh (block 0 of {@code carried}) and dL/dc (block 1) from step t + 1, and dL/dc is replaced
   * by step t's (dL/dh is all the recurrent product's, made after the rows). One method for the
   * loop and its tail, as {@link #forwardRow} says why.
   */
  @Override
  void backwardRow(int gate, int state, int carry) {
    int block = rows * units;
    int j = 0;
    for (; j < whole(units); j += LANES) {
      FloatVector a = gates.load(gate + j);
      FloatVector f = gates.load(gate + units + j);
      FloatVector o = gates.load(gate + 2 * units + j);
      FloatVector g = gates.load(gate + 3 * units + j);
      FloatVector tanhC = tanhCells.load(state + j);
      FloatVector dh = outputGradients.load(state + j).add(carried.load(carry + j));
      FloatVector dc = dh.mul(o).mul(tanhC.mul(tanhC).neg().add(1f)).add(carried.load(carry + block + j));
      gates.store(dc.mul(g).mul(a.mul(a).neg().add(1f)), gate + j);
      gates.store(dc.mul(cells.load(state + j)).mul(f).mul(f.neg().add(1f)), gate + units + j);
      gates.store(dh.mul(tanhC).mul(o).mul(o.neg().add(1f)), gate + 2 * units + j);
      gates.store(dc.mul(a).mul(g).mul(g.neg().add(1f)), gate + 3 * units + j);
      carried.store(dc.mul(f), carry + block + j);
    }
    for (; j < units; j++) {
      float a = gates.get(gate + j);
      float f = gates.get(gate + units + j);
      float o = gates.get(gate + 2 * units + j);
      float g = gates.get(gate + 3 * units + j);
      float tanhC = tanhCells.get(state + j);
      float dh = outputGradients.get(state + j) + carried.get(carry + j);
      float dc = dh * o * (1 - tanhC * tanhC) + carried.get(carry + block + j);
      gates.set(gate + j, dc * g * (1 - a * a));
      gates.set(gate + units + j, dc * cells.get(state + j) * f * (1 - f));
      gates.set(gate + 2 * units + j, dh * tanhC * o * (1 - o));
      gates.set(gate + 3 * units + j, dc * a * g * (1 - g));
      carried.set(carry + block + j, dc * f);
    }
  }

  @Override
  void reserve(Buffers buffers, long slots) {
    cells = buffers.get("cells", (slots + rows) * units);
    tanhCells = buffers.get("tanhCells", slots * units);
  }
}
