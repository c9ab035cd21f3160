package io.charstream.model.cell;

import static io.charstream.model.inference.Activations.sigmoid;
import static io.charstream.model.inference.Activations.tanh;

import io.charstream.model.inference.CellStep;
import io.charstream.model.inference.MatrixMultiply;

/**
 * An LSTM layer's step: one multiply of {@code [x, h]} by the input weights stacked above the
 * recurrent ones, then the gates in DL4J's order {@code [a (tanh), f, o, i (sigmoid)]}.
 *
 * @param stacked {@code [inputs + units][4 * units]}
 */
record LstmStep(float[] stacked, float[] bias, int inputs, int units) implements CellStep {

  @Override
  public int stateArrays() {
    return 2;
  }

  @Override
  public float[] step(float[] input, float[][] state, int rows, MatrixMultiply kernel) {
    float[] h = state[0];
    float[] c = state[1];
    int width = inputs + units;
    float[] joined = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(input, r * inputs, joined, r * width, inputs);
      System.arraycopy(h, r * units, joined, r * width + inputs, units);
    }
    float[] gates = new float[rows * 4 * units];
    kernel.multiply(joined, rows, width, stacked, 4 * units, gates);
    for (int r = 0; r < rows; r++) {
      int g = r * 4 * units;
      int s = r * units;
      for (int j = 0; j < units; j++) {
        float a = tanh(gates[g + j] + bias[j]);
        float f = sigmoid(gates[g + units + j] + bias[units + j]);
        float o = sigmoid(gates[g + 2 * units + j] + bias[2 * units + j]);
        float i = sigmoid(gates[g + 3 * units + j] + bias[3 * units + j]);
        float cell = f * c[s + j] + i * a;
        c[s + j] = cell;
        h[s + j] = o * tanh(cell);
      }
    }
    return h;
  }
}
