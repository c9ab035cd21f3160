package io.charstream.model.engine;

import static io.charstream.model.engine.Floats.LANES;
import static io.charstream.model.engine.Floats.whole;

import jdk.incubator.vector.FloatVector;

/**
 * A GRU layer laid out as charstream's DL4J {@code Gru} layer: {@code W [inputs, 3 * units]},
 * {@code RW [units, 3 * units]} ('f' order), one bias {@code b [3 * units]}, gates reset, update,
 * candidate, the reset gate applied after the recurrent product:
 * r = σ(xr + b_r + hr), u = σ(xu + b_u + hu), n = tanh(xn + b_n + r ⊙ hn), h' = n + u ⊙ (h − n).
 * The recurrent product is kept apart from the gates, since backprop needs hn.
 */
final class GruPasses extends GatedPasses {

  GruPasses(int units, long inputWeights, long recurrentWeights, long biases) {
    super(3, units, inputWeights, recurrentWeights, biases, true, 1);
  }

  /** One row of one step; the loop and its scalar tail in one method, as {@link LstmPasses} explains. */
  @Override
  void forwardRow(Floats parameters, int gate, int previous, int next) {
    int bias = (int) biases;
    int j = 0;
    for (; j < whole(units); j += LANES) {
      FloatVector r = Gates.sigmoid(gates.load(gate + j).add(parameters.load(bias + j))
          .add(recurrent.load(gate + j)));
      FloatVector u = Gates.sigmoid(gates.load(gate + units + j).add(parameters.load(bias + units + j))
          .add(recurrent.load(gate + units + j)));
      FloatVector n = Gates.tanh(r.fma(recurrent.load(gate + 2 * units + j),
          gates.load(gate + 2 * units + j).add(parameters.load(bias + 2 * units + j))));
      gates.store(r, gate + j);
      gates.store(u, gate + units + j);
      gates.store(n, gate + 2 * units + j);
      outputs.store(u.fma(outputs.load(previous + j).sub(n), n), next + j);
    }
    for (; j < units; j++) {
      float r = Gates.sigmoid(gates.get(gate + j) + parameters.get(bias + j) + recurrent.get(gate + j));
      float u = Gates.sigmoid(gates.get(gate + units + j) + parameters.get(bias + units + j)
          + recurrent.get(gate + units + j));
      float n = Gates.tanh(gates.get(gate + 2 * units + j) + parameters.get(bias + 2 * units + j)
          + r * recurrent.get(gate + 2 * units + j));
      gates.set(gate + j, r);
      gates.set(gate + units + j, u);
      gates.set(gate + 2 * units + j, n);
      outputs.set(next + j, n + u * (outputs.get(previous + j) - n));
    }
  }

  /**
   * One row of one step's gradients: dL/d(x·W) over the gates, dL/d(h·RW) over the recurrent
   * products, and u ⊙ dh into {@code carried} for the product to add dL/d(h·RW) · RWᵀ to.
   */
  @Override
  void backwardRow(int gate, int state, int carry) {
    int j = 0;
    for (; j < whole(units); j += LANES) {
      FloatVector r = gates.load(gate + j);
      FloatVector u = gates.load(gate + units + j);
      FloatVector n = gates.load(gate + 2 * units + j);
      FloatVector hn = recurrent.load(gate + 2 * units + j);
      FloatVector dh = outputGradients.load(state + j).add(carried.load(carry + j));
      FloatVector dn = dh.mul(u.neg().add(1f)).mul(n.mul(n).neg().add(1f));
      FloatVector du = dh.mul(outputs.load(state + j).sub(n)).mul(u).mul(u.neg().add(1f));
      FloatVector dr = dn.mul(hn).mul(r).mul(r.neg().add(1f));
      gates.store(dr, gate + j);
      gates.store(du, gate + units + j);
      gates.store(dn, gate + 2 * units + j);
      recurrent.store(dr, gate + j);
      recurrent.store(du, gate + units + j);
      recurrent.store(dn.mul(r), gate + 2 * units + j);
      carried.store(dh.mul(u), carry + j);
    }
    for (; j < units; j++) {
      float r = gates.get(gate + j);
      float u = gates.get(gate + units + j);
      float n = gates.get(gate + 2 * units + j);
      float hn = recurrent.get(gate + 2 * units + j);
      float dh = outputGradients.get(state + j) + carried.get(carry + j);
      float dn = dh * (1 - u) * (1 - n * n);
      float du = dh * (outputs.get(state + j) - n) * u * (1 - u);
      float dr = dn * hn * r * (1 - r);
      gates.set(gate + j, dr);
      gates.set(gate + units + j, du);
      gates.set(gate + 2 * units + j, dn);
      recurrent.set(gate + j, dr);
      recurrent.set(gate + units + j, du);
      recurrent.set(gate + 2 * units + j, dn * r);
      carried.set(carry + j, dh * u);
    }
  }

  @Override
  void reserve(Buffers buffers, long slots) {}
}
