package io.charstream.model.inference;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register block of charstream's matrix products, for generation and for training: four
 * rows of the left side by two vectors of columns of the right, summed in registers over the
 * whole of k and stored once. Each element is the same chain of fused multiply-adds over k from
 * zero, {@code s = fma(left[r][i], right[i][j], s)}, whatever the other rows are. The right side
 * is read a row of two vectors at a time at a stride of the caller's choosing: the row length of
 * a plain row-major matrix, or the panel width of a matrix packed so that the block reads it
 * contiguously.
 */
public final class VectorBlock {
  public static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  public static final int LANES = SPECIES.length();
  public static final int ROWS = 4;
  /** The columns one block covers. */
  public static final int COLUMNS = 2 * LANES;

  private VectorBlock() {}

  /**
   * {@code out[o + q * outStride + c] = sum over i < k of left[x + q * k + i] * right[w + i * rightStride + c]}
   * for the four rows {@code q} and the {@link #COLUMNS} columns {@code c}.
   */
  public static void multiply(float[] left, int x, int k, float[] right, int w, int rightStride,
      float[] out, int o, int outStride) {
    int x1 = x + k;
    int x2 = x1 + k;
    int x3 = x2 + k;
    FloatVector c00 = FloatVector.zero(SPECIES);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    for (int i = 0; i < k; i++, w += rightStride) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, right, w);
      FloatVector b1 = FloatVector.fromArray(SPECIES, right, w + LANES);
      FloatVector a = FloatVector.broadcast(SPECIES, left[x + i]);
      c00 = b0.fma(a, c00);
      c01 = b1.fma(a, c01);
      a = FloatVector.broadcast(SPECIES, left[x1 + i]);
      c10 = b0.fma(a, c10);
      c11 = b1.fma(a, c11);
      a = FloatVector.broadcast(SPECIES, left[x2 + i]);
      c20 = b0.fma(a, c20);
      c21 = b1.fma(a, c21);
      a = FloatVector.broadcast(SPECIES, left[x3 + i]);
      c30 = b0.fma(a, c30);
      c31 = b1.fma(a, c31);
    }
    c00.intoArray(out, o);
    c01.intoArray(out, o + LANES);
    o += outStride;
    c10.intoArray(out, o);
    c11.intoArray(out, o + LANES);
    o += outStride;
    c20.intoArray(out, o);
    c21.intoArray(out, o + LANES);
    o += outStride;
    c30.intoArray(out, o);
    c31.intoArray(out, o + LANES);
  }
}
