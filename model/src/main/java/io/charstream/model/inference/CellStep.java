package io.charstream.model.inference;

/**
 * One recurrent layer's time step for generation, in plain Java on row-major {@code float[]}
 * blocks. Every row is computed on its own (through a {@link MatrixMultiply}), so a row's numbers
 * do not depend on the other rows of its batch. The weights are never written: threads may share
 * a step as long as each steps its own state.
 */
public interface CellStep {
  int inputs();

  int units();

  /**
   * The arrays of {@code [rows][units]} that make the layer's state; the first is its output
   * {@code h} (an LSTM keeps its cell {@code c} as the second).
   */
  int stateArrays();

  /**
   * Feeds {@code [rows][inputs]} and advances the state in place.
   *
   * @return the layer's output, {@code state[0]}
   */
  float[] step(float[] input, float[][] state, int rows, MatrixMultiply kernel);
}
