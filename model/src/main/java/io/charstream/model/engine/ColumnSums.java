package io.charstream.model.engine;

/** A bias gradient: the column sums of a row-major {@code [rows, width]} matrix. */
final class ColumnSums {
  private ColumnSums() {}

  static void of(Floats matrix, int rows, int width, Floats into, long offset) {
    int at = (int) offset;
    into.zero(at, width);
    for (int r = 0; r < rows; r++) {
      into.addFrom(matrix, r * width, at, width);
    }
  }
}
