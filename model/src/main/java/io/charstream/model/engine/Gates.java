package io.charstream.model.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The gate functions, for a vector of lanes and for one value. The vector forms use the JDK's
 * vectorised tanh and no division: a division fed by exp kept C2 from keeping the vectors in
 * registers (it boxed them on the heap).
 */
final class Gates {
  private Gates() {}

  /** sigmoid(x) = (1 + tanh(x / 2)) / 2. */
  static FloatVector sigmoid(FloatVector x) {
    return x.mul(0.5f).lanewise(VectorOperators.TANH).fma(0.5f, 0.5f);
  }

  static FloatVector tanh(FloatVector x) {
    return x.lanewise(VectorOperators.TANH);
  }

  static float sigmoid(float x) {
    return (float) (1 / (1 + Math.exp(-x)));
  }

  /** 1 - 2 / (e^{2x} + 1): exact at both limits, and faster than {@link Math#tanh}. */
  static float tanh(float x) {
    return (float) (1 - 2 / (Math.exp(2.0 * x) + 1));
  }
}
