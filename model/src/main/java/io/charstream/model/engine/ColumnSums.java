package io.charstream.model.engine;

/** A bias gradient: the column sums of a row-major {@code [rows, width]} matrix. */
final class ColumnSums {
  private ColumnSums() {}

  static void of(Floats matrix, int rows, int width, Floats into, long offset) {
    into.zero((int) offset, width);
    add(matrix, 0, rows, width, into, offset);
  }

  /** Adds the column sums of the {@code [rows, width]} matrix at {@code matrix[from]} to {@code into[offset ..]}. */
  static void add(Floats matrix, int from, int rows, int width, Floats into, long offset) {
    for (int r = 0; r < rows; r++) {
      into.addFrom(matrix, from + r * width, (int) offset, width);
    }
  }
}
