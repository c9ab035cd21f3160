package io.charstream.model.inference;

/**
 * The plain-Java kernel, for JVMs without the Vector API: four k at a time, so each stored sum
 * carries four multiply-adds. Written as nested {@link Math#fma} calls in k order, so its bits
 * equal {@link VectorMatrixMultiply}'s; HotSpot vectorises the inner loop over j. About a third
 * of the vector kernel's speed at batch 1 and a fifth at batch 32 (measured).
 */
final class ScalarMatrixMultiply implements MatrixMultiply {

  @Override
  public void multiply(float[] left, int rows, int k, float[] right, int n, float[] out) {
    java.util.Arrays.fill(out, 0, rows * n, 0f);
    for (int r = 0; r < rows; r++) {
      int x = r * k;
      int o = r * n;
      int i = 0;
      for (; i + 4 <= k; i += 4) {
        float a0 = left[x + i];
        float a1 = left[x + i + 1];
        float a2 = left[x + i + 2];
        float a3 = left[x + i + 3];
        int w0 = i * n;
        int w1 = w0 + n;
        int w2 = w1 + n;
        int w3 = w2 + n;
        for (int j = 0; j < n; j++) {
          out[o + j] = Math.fma(a3, right[w3 + j], Math.fma(a2, right[w2 + j],
              Math.fma(a1, right[w1 + j], Math.fma(a0, right[w0 + j], out[o + j]))));
        }
      }
      for (; i < k; i++) {
        float a = left[x + i];
        int w = i * n;
        for (int j = 0; j < n; j++) {
          out[o + j] = Math.fma(a, right[w + j], out[o + j]);
        }
      }
    }
  }
}
