package io.charstream.model.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The packed product against sums written out, on shapes that leave partial row blocks and panels. */
class PanelProductTest {
  private final Random random = new Random(7);

  @ParameterizedTest(name = "{0} rows, k {1}, n {2}")
  @CsvSource({"1, 3, 5", "5, 17, 37", "8, 40, 64", "9, 33, 100"})
  void multipliesAsTheSumsSay(int rows, int k, int n) {
    Floats left = randomFloats(3 + rows * k);
    Floats matrix = randomFloats(2 + k * n);   // row-major [k][n] from offset 2
    Floats transposed = Floats.allocate(1 + (long) k * n); // the same matrix as [n][k] from offset 1
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < n; j++) {
        transposed.set(1 + j * k + i, matrix.get(2 + i * n + j));
      }
    }
    Floats before = randomFloats(4 + rows * n + 3); // the output from offset 4, with floats on both sides
    float[] expected = new float[rows * n];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int i = 0; i < k; i++) {
          sum += (double) left.get(3 + r * k + i) * matrix.get(2 + i * n + j);
        }
        expected[r * n + j] = (float) sum;
      }
    }

    PanelProduct rowMajor = new PanelProduct(k, n);
    rowMajor.pack(matrix, 2);
    Floats overwritten = copyOf(before);
    rowMajor.multiply(left, 3, rows, overwritten, 4, false);

    PanelProduct fromTransposed = new PanelProduct(k, n);
    fromTransposed.packTransposed(transposed, 1);
    Floats added = copyOf(before);
    fromTransposed.multiply(left, 3, rows, added, 4, true);

    for (int e = 0; e < rows * n; e++) {
      assertThat(overwritten.get(4 + e)).as("element %d", e).isCloseTo(expected[e], within(1e-4f));
      assertThat(added.get(4 + e)).as("element %d", e).isCloseTo(before.get(4 + e) + expected[e], within(1e-4f));
    }
    for (int e : new int[] {0, 3, 4 + rows * n, 6 + rows * n}) {
      assertThat(overwritten.get(e)).as("outside the output").isEqualTo(before.get(e));
      assertThat(added.get(e)).as("outside the output").isEqualTo(before.get(e));
    }
  }

  private Floats randomFloats(int length) {
    Floats floats = Floats.allocate(length);
    for (int i = 0; i < length; i++) {
      floats.set(i, random.nextFloat() - 0.5f);
    }
    return floats;
  }

  private static Floats copyOf(Floats source) {
    Floats copy = Floats.allocate(source.length);
    copy.copyFrom(source, 0, 0, source.length);
    return copy;
  }
}
