package io.charstream.model.cell;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Views into the 'f'-order {@code [batch, n, steps]} arrays the recurrent passes keep: in that
 * layout one time step is one contiguous {@code [batch, n]} block, and a range of its columns is
 * contiguous too. ND4J multiplies narrow 'c'-order matrices several times slower, and copying
 * permuted arrays is its slowest operation of all, so the passes make neither.
 */
final class TimeBlocks {
  private TimeBlocks() {}

  /** Step t of a {@code [batch, n, steps]} 'f'-order array: a contiguous {@code [batch, n]} block. */
  static INDArray step(INDArray sequence, long t) {
    return sequence.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t));
  }

  /** Columns {@code [from, to)} of a {@code [batch, n]} block. */
  static INDArray columns(INDArray matrix, long from, long to) {
    return matrix.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
  }

  /** Steps {@code [from, to)} of a {@code [batch, n, steps]} array, as a view. */
  static INDArray steps(INDArray sequence, long from, long to) {
    return sequence.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to));
  }
}
