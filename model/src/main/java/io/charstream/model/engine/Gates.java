package io.charstream.model.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** The gate functions, for a vector of lanes and for one value, both through exp (HotSpot vectorises it). */
final class Gates {
  private static final FloatVector ONE = FloatVector.broadcast(Floats.SPECIES, 1f);

  private Gates() {}

  static FloatVector sigmoid(FloatVector x) {
    return ONE.div(x.neg().lanewise(VectorOperators.EXP).add(1f));
  }

  /** tanh(x) = 1 - 2 / (e^{2x} + 1): exact at both limits, where e^{2x} is 0 or infinite. */
  static FloatVector tanh(FloatVector x) {
    return ONE.sub(ONE.add(ONE).div(x.mul(2f).lanewise(VectorOperators.EXP).add(1f)));
  }

  static float sigmoid(float x) {
    return (float) (1 / (1 + Math.exp(-x)));
  }

  static float tanh(float x) {
    return (float) (1 - 2 / (Math.exp(2.0 * x) + 1));
  }
}
