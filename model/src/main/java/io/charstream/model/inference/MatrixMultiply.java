package io.charstream.model.inference;

import io.charstream.model.VectorApi;

/**
 * {@code out = left · right} for row-major float matrices, where every element is the same
 * sequence of fused multiply-adds over k from zero: {@code s = fma(left[r][k], right[k][j], s)}.
 * Each row is therefore computed bit for bit the same whatever the other rows are and however
 * many there are, which is what lets a request's sampled text not depend on its batch. (BLAS
 * does not promise this: OpenBLAS's sgemm gives a row different low bits at different batch sizes,
 * measured.) Implementations are stateless and may be shared between threads.
 */
public interface MatrixMultiply {

  /**
   * @param left {@code [rows][k]}
   * @param right {@code [k][n]}
   * @param out {@code [rows][n]}, overwritten
   */
  void multiply(float[] left, int rows, int k, float[] right, int n, float[] out);

  /** The vectorised kernel where the JVM has the incubating Vector API, else the scalar one. */
  static MatrixMultiply fastest() {
    return VectorApi.available() ? new VectorMatrixMultiply() : new ScalarMatrixMultiply();
  }
}
