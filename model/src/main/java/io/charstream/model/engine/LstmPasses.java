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
   * One row of one step: the gates (bias added, activated, kept), the new cell and output. Each
   * vector loop lives in one method with its scalar tail: a vector passed between methods that C2
   * does not inline is boxed on the heap, which is slower than scalar code. And the work is split
   * between two methods: C2 stops inlining in a method past a size budget, and the Vector API's
   * calls left uninlined in a longer loop box every vector they return.
   */
  @Override
  void forwardRow(Floats parameters, int gate, int previous, int next) {
    activateGates(parameters, gate);
    updateCell(gate, previous, next);
  }

  private void activateGates(Floats parameters, int gate) {
    int bias = (int) biases;
    int j = 0;
    for (; j < whole(units); j += LANES) {
      gates.store(Gates.tanh(gates.load(gate + j).add(parameters.load(bias + j))), gate + j);
      for (int k = 1; k < 4; k++) {
        int column = k * units + j;
        gates.store(Gates.sigmoid(gates.load(gate + column).add(parameters.load(bias + column))), gate + column);
      }
    }
    for (; j < units; j++) {
      gates.set(gate + j, Gates.tanh(gates.get(gate + j) + parameters.get(bias + j)));
      for (int k = 1; k < 4; k++) {
        int column = k * units + j;
        gates.set(gate + column, Gates.sigmoid(gates.get(gate + column) + parameters.get(bias + column)));
      }
    }
  }

  /** c = f * c' + g * a and h = o * tanh(c) from the activated gates [a, f, o, g]. */
  private void updateCell(int gate, int previous, int next) {
    int j = 0;
    for (; j < whole(units); j += LANES) {
      FloatVector c = gates.load(gate + units + j).fma(cells.load(previous + j),
          gates.load(gate + 3 * units + j).mul(gates.load(gate + j)));
      FloatVector tanhC = Gates.tanh(c);
      cells.store(c, next + j);
      tanhCells.store(tanhC, previous + j);
      outputs.store(gates.load(gate + 2 * units + j).mul(tanhC), next + j);
    }
    for (; j < units; j++) {
      float c = gates.get(gate + units + j) * cells.get(previous + j)
          + gates.get(gate + 3 * units + j) * gates.get(gate + j);
      float tanhC = Gates.tanh(c);
      cells.set(next + j, c);
      tanhCells.set(previous + j, tanhC);
      outputs.set(next + j, gates.get(gate + 2 * units + j) * tanhC);
    }
  }

  /**
   * One row of one step's gradients, written over its activated gates; {@code carry} indexes
   * dL/dh (block 0 of {@code carried}) and dL/dc (block 1) from step t + 1, and dL/dc is replaced
   * by step t's (dL/dh is all the recurrent product's, made after the rows). In two methods, as
   * {@link #forwardRow} says why.
   */
  @Override
  void backwardRow(int gate, int state, int carry) {
    outputAndCellGradients(gate, state, carry);
    inputGateGradients(gate, state, carry);
  }

  /** The output gate's gradient over its gate, and dL/dc at step t into {@code carried}'s block 1. */
  private void outputAndCellGradients(int gate, int state, int carry) {
    int cell = carry + rows * units;
    int output = gate + 2 * units;
    int j = 0;
    for (; j < whole(units); j += LANES) {
      FloatVector o = gates.load(output + j);
      FloatVector tanhC = tanhCells.load(state + j);
      FloatVector dh = outputGradients.load(state + j).add(carried.load(carry + j));
      carried.store(dh.mul(o).mul(tanhC.mul(tanhC).neg().add(1f)).add(carried.load(cell + j)), cell + j);
      gates.store(dh.mul(tanhC).mul(o).mul(o.neg().add(1f)), output + j);
    }
    for (; j < units; j++) {
      float o = gates.get(output + j);
      float tanhC = tanhCells.get(state + j);
      float dh = outputGradients.get(state + j) + carried.get(carry + j);
      carried.set(cell + j, dh * o * (1 - tanhC * tanhC) + carried.get(cell + j));
      gates.set(output + j, dh * tanhC * o * (1 - o));
    }
  }

  /** The block input's, forget gate's and input gate's gradients from dL/dc, which becomes dL/dc' for step t - 1. */
  private void inputGateGradients(int gate, int state, int carry) {
    int cell = carry + rows * units;
    int j = 0;
    for (; j < whole(units); j += LANES) {
      FloatVector a = gates.load(gate + j);
      FloatVector f = gates.load(gate + units + j);
      FloatVector g = gates.load(gate + 3 * units + j);
      FloatVector dc = carried.load(cell + j);
      gates.store(dc.mul(g).mul(a.mul(a).neg().add(1f)), gate + j);
      gates.store(dc.mul(cells.load(state + j)).mul(f).mul(f.neg().add(1f)), gate + units + j);
      gates.store(dc.mul(a).mul(g).mul(g.neg().add(1f)), gate + 3 * units + j);
      carried.store(dc.mul(f), cell + j);
    }
    for (; j < units; j++) {
      float a = gates.get(gate + j);
      float f = gates.get(gate + units + j);
      float g = gates.get(gate + 3 * units + j);
      float dc = carried.get(cell + j);
      gates.set(gate + j, dc * g * (1 - a * a));
      gates.set(gate + units + j, dc * cells.get(state + j) * f * (1 - f));
      gates.set(gate + 3 * units + j, dc * a * g * (1 - g));
      carried.set(cell + j, dc * f);
    }
  }

  @Override
  void reserve(Buffers buffers, long slots) {
    cells = buffers.get("cells", (slots + rows) * units);
    tanhCells = buffers.get("tanhCells", slots * units);
  }
}
