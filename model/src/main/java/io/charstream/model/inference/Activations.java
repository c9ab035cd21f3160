package io.charstream.model.inference;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The gate functions of the inference steps, and weights copied out of ND4J once. */
public final class Activations {
  private Activations() {}

  public static float sigmoid(float x) {
    return (float) (1 / (1 + Math.exp(-x)));
  }

  /** Through {@link Math#exp}, which HotSpot compiles to a fast intrinsic; {@link Math#tanh} is several times slower. */
  public static float tanh(float x) {
    return (float) (1 - 2 / (Math.exp(2.0 * x) + 1));
  }

  /** A parameter's values as row-major floats. */
  public static float[] floats(INDArray array) {
    return array.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }
}
