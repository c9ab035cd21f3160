package io.charstream.model.inference;

/**
 * The Vector API kernel: {@link VectorBlock}s over the weights as they are, row-major, rows four at
 * a time, the last block padded with zero rows (a row's sums never see another row, so padding
 * changes nothing); columns past the last whole block use the same fma chain in scalar code.
 * Stateless, so threads may share one.
 */
final class VectorMatrixMultiply implements MatrixMultiply {
  private static final int ROWS = VectorBlock.ROWS;

  @Override
  public void multiply(float[] left, int rows, int k, float[] right, int n, float[] out) {
    int whole = rows - rows % ROWS;
    for (int r = 0; r < whole; r += ROWS) {
      block(left, r * k, k, right, n, out, r * n);
    }
    if (whole < rows) {
      int rest = rows - whole;
      float[] padded = new float[ROWS * k];
      float[] paddedOut = new float[ROWS * n];
      System.arraycopy(left, whole * k, padded, 0, rest * k);
      block(padded, 0, k, right, n, paddedOut, 0);
      System.arraycopy(paddedOut, 0, out, whole * n, rest * n);
    }
  }

  /** Four rows starting at {@code left[x]}, written from {@code out[o]}. */
  private static void block(float[] left, int x, int k, float[] right, int n, float[] out, int o) {
    int j = 0;
    for (; j + VectorBlock.COLUMNS <= n; j += VectorBlock.COLUMNS) {
      VectorBlock.multiply(left, x, k, right, j, n, out, o + j, n);
    }
    for (; j < n; j++) {
      for (int q = 0; q < ROWS; q++) {
        int row = x + q * k;
        float s = 0;
        for (int i = 0; i < k; i++) {
          s = Math.fma(left[row + i], right[i * n + j], s);
        }
        out[o + q * n + j] = s;
      }
    }
  }
}
