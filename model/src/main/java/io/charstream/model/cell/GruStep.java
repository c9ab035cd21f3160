package io.charstream.model.cell;

import static io.charstream.model.inference.Activations.sigmoid;
import static io.charstream.model.inference.Activations.tanh;

import io.charstream.model.inference.CellStep;
import io.charstream.model.inference.MatrixMultiply;

/**
 * A GRU layer's step, the same formula as {@link GruLayer}: {@code x·W + b} and {@code h·RW} in two
 * multiplies (the reset gate applies to the recurrent part of the candidate only), then the gates
 * in the order reset, update, candidate.
 *
 * @param inputWeights {@code [inputs][3 * units]}
 * @param recurrentWeights {@code [units][3 * units]}
 */
record GruStep(float[] inputWeights, float[] recurrentWeights, float[] bias, int inputs, int units)
    implements CellStep {

  @Override
  public int stateArrays() {
    return 1;
  }

  @Override
  public float[] step(float[] input, float[][] state, int rows, MatrixMultiply kernel) {
    float[] h = state[0];
    float[] fromInput = new float[rows * 3 * units];
    float[] fromState = new float[rows * 3 * units];
    kernel.multiply(input, rows, inputs, inputWeights, 3 * units, fromInput);
    kernel.multiply(h, rows, units, recurrentWeights, 3 * units, fromState);
    for (int r = 0; r < rows; r++) {
      int g = r * 3 * units;
      int s = r * units;
      for (int j = 0; j < units; j++) {
        float reset = sigmoid(fromInput[g + j] + bias[j] + fromState[g + j]);
        float update = sigmoid(fromInput[g + units + j] + bias[units + j] + fromState[g + units + j]);
        float candidate = tanh(fromInput[g + 2 * units + j] + bias[2 * units + j] + reset * fromState[g + 2 * units + j]);
        h[s + j] = candidate + update * (h[s + j] - candidate);
      }
    }
    return h;
  }
}
