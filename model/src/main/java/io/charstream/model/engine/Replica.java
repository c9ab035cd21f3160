package io.charstream.model.engine;

import io.charstream.model.Scores;
import java.util.List;

/**
 * The whole network's passes over one share of a batch's rows, on buffers of its own: one
 * replica per thread. Reads the shared parameters, writes gradients where it is told.
 */
final class Replica {
  private final EmbeddingPasses embedding;
  private final List<RecurrentPasses> layers;
  private final OutputPasses output;

  Replica(EmbeddingPasses embedding, List<RecurrentPasses> layers, OutputPasses output) {
    this.embedding = embedding;
    this.layers = layers;
    this.output = output;
  }

  /**
   * Forward over the windows (rows {@code firstRow ..} of the batch) and, when {@code gradients}
   * is not null, backward, writing every parameter's gradient there (summed over the rows).
   */
  Scores run(Floats parameters, Floats gradients, List<int[]> windows, int firstRow, long iteration,
      boolean measureAccuracy) {
    int steps = windows.get(0).length - 1;
    boolean training = gradients != null;
    Floats input = embedding.forward(parameters, windows, steps);
    long inputOffset = 0;
    for (RecurrentPasses layer : layers) {
      layer.forward(parameters, input, inputOffset, windows.size(), steps);
      input = layer.outputs();
      inputOffset = layer.outputOffset();
    }
    Scores scores = output.forward(parameters, input, inputOffset, windows, firstRow, steps, iteration, training,
        measureAccuracy);
    if (training) {
      output.backward(parameters, gradients, layers.get(layers.size() - 1).outputGradients());
      for (int l = layers.size() - 1; l >= 0; l--) {
        Floats layerInput = l == 0 ? embedding.embedded() : layers.get(l - 1).outputs();
        long layerInputOffset = l == 0 ? 0 : layers.get(l - 1).outputOffset();
        Floats below = l == 0 ? embedding.inputGradients() : layers.get(l - 1).outputGradients();
        layers.get(l).backward(parameters, gradients, layerInput, layerInputOffset, below);
      }
      embedding.backward(windows, steps, gradients);
    }
    return scores;
  }

  void free() {
    embedding.free();
    layers.forEach(RecurrentPasses::free);
    output.free();
  }
}
