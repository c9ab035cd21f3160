package io.charstream.model.engine;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Row-major single-precision matrix products through the OpenBLAS that ND4J ships, on
 * {@link Floats} at an offset with a leading dimension: {@code C = A' · B' + beta · C}, where
 * {@code A'} is {@code A} or its transpose. DL4J's weights are 'f'-order {@code [in, out]}, which
 * in row-major terms is the transpose {@code [out, in]}: the passes multiply by it transposed.
 */
final class Sgemm {
  private Sgemm() {}

  /**
   * @param m rows of C
   * @param n columns of C
   * @param k the summed dimension
   */
  static void multiply(boolean transposeA, boolean transposeB, int m, int n, int k,
      Floats a, long aOffset, int lda, Floats b, long bOffset, int ldb, float beta, Floats c, long cOffset, int ldc) {
    openblas_nolapack.cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
        transposeB ? CblasTrans : CblasNoTrans, m, n, k, 1f, a.at(aOffset), lda, b.at(bOffset), ldb, beta,
        c.at(cOffset), ldc);
  }
}
