package io.charstream.model.engine;

import io.charstream.model.inference.VectorBlock;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * One time step's recurrent product, {@code out = left · M} or {@code out += left · M}, for a
 * matrix {@code M [k, n]} that stays the same for a whole batch and a left side of few rows (a
 * thread's share of the batch). OpenBLAS packs its right operand again on every call, a cost per
 * call whatever the rows, and with few rows that packing is much of each step's product; here
 * {@code M} is packed once per batch into panels one {@link VectorBlock} wide, each panel's
 * {@code k} rows contiguous, so that the block (the generator's) reads it in order, once per four
 * rows. Rows past the last whole four and columns past {@code n} are zero padding that is
 * computed and never written out. Owned by one set of passes, so by one thread.
 */
final class PanelProduct {
  private static final int ROWS = VectorBlock.ROWS;
  private static final int PANEL = VectorBlock.COLUMNS;

  private final int k;
  private final int n;
  private final int panels;
  private final float[] packed;
  /** The left side's rows, copied to the heap and padded with zero rows to a whole block. */
  private float[] staged = new float[0];
  private float[] result = new float[0];

  /**
   * @param k the summed dimension
   * @param n columns of the product
   */
  PanelProduct(int k, int n) {
    this.k = k;
    this.n = n;
    this.panels = (n + PANEL - 1) / PANEL;
    this.packed = new float[panels * k * PANEL];
  }

  /** Packs {@code M} stored row-major from {@code offset}: {@code M[i][j]} at {@code offset + i * n + j}. */
  void pack(Floats source, long offset) {
    pack(source, offset, n, 1);
  }

  /** Packs {@code M} stored as its transpose from {@code offset}: {@code M[i][j]} at {@code offset + j * k + i}. */
  void packTransposed(Floats source, long offset) {
    pack(source, offset, 1, k);
  }

  private void pack(Floats source, long offset, int rowStride, int columnStride) {
    for (int p = 0; p < panels; p++) {
      for (int i = 0; i < k; i++) {
        int to = (p * k + i) * PANEL;
        for (int c = 0; c < PANEL; c++) {
          int j = p * PANEL + c;
          packed[to + c] = j < n ? source.get((int) offset + i * rowStride + j * columnStride) : 0f;
        }
      }
    }
  }

  /**
   * {@code out[outOffset + r * n + j] (+)= sum over i of left[leftOffset + r * k + i] * M[i][j]}
   * for the {@code rows} rows.
   */
  void multiply(Floats left, long leftOffset, int rows, Floats out, long outOffset, boolean accumulate) {
    int paddedRows = (rows + ROWS - 1) / ROWS * ROWS;
    stage(left, (int) leftOffset, rows, paddedRows);
    int stride = panels * PANEL;
    if (result.length < paddedRows * stride) {
      result = new float[paddedRows * stride];
    }
    for (int p = 0; p < panels; p++) {
      for (int r = 0; r < paddedRows; r += ROWS) {
        VectorBlock.multiply(staged, r * k, k, packed, p * k * PANEL, PANEL, result, r * stride + p * PANEL, stride);
      }
    }
    for (int r = 0; r < rows; r++) {
      write(r * stride, out, (int) outOffset + r * n, accumulate);
    }
  }

  /** Copies the left rows to the heap, zero rows after them up to a whole block. */
  private void stage(Floats source, int from, int rows, int paddedRows) {
    if (staged.length < paddedRows * k) {
      staged = new float[paddedRows * k];
    }
    int count = rows * k;
    int j = 0;
    for (; j < Floats.whole(count); j += Floats.LANES) {
      source.load(from + j).intoArray(staged, j);
    }
    for (; j < count; j++) {
      staged[j] = source.get(from + j);
    }
    Arrays.fill(staged, count, paddedRows * k, 0f);
  }

  /** One row of the result (its first {@code n} columns) into {@code out} from {@code to}. */
  private void write(int from, Floats out, int to, boolean accumulate) {
    int j = 0;
    for (; j < Floats.whole(n); j += Floats.LANES) {
      FloatVector value = FloatVector.fromArray(Floats.SPECIES, result, from + j);
      out.store(accumulate ? out.load(to + j).add(value) : value, to + j);
    }
    for (; j < n; j++) {
      out.set(to + j, accumulate ? out.get(to + j) + result[from + j] : result[from + j]);
    }
  }
}
