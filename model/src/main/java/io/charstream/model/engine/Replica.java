package io.charstream.model.engine;

import io.charstream.model.Scores;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole network's passes over one share of a batch's rows, on buffers of its own: one
 * replica per thread. Reads the shared parameters, writes gradients where it is told.
 */
final class Replica {
  private final EmbeddedInput embedding;
  private final List<RecurrentPasses> layers;
  private final int[] units;
  private final DropoutMask[] inputDropouts;
  private final OutputPasses output;
  private final Buffers buffers = new Buffers();

  /**
   * @param units each recurrent layer's outputs per position
   * @param inputDropouts each recurrent layer's dropout on its input, from the second layer on (null for the first)
   */
  Replica(EmbeddedInput embedding, List<RecurrentPasses> layers, int[] units, DropoutMask[] inputDropouts,
      OutputPasses output) {
    this.embedding = embedding;
    this.layers = layers;
    this.units = units;
    this.inputDropouts = inputDropouts;
    this.output = output;
  }

  /**
   * Forward over the windows (rows {@code firstRow ..} of the batch) and, when {@code gradients}
   * is not null, backward, writing every parameter's gradient there (summed over the rows).
   */
  Scores run(Floats parameters, Floats gradients, List<int[]> windows, int firstRow, long iteration,
      boolean measureAccuracy) {
    int rows = windows.size();
    int steps = windows.get(0).length - 1;
    boolean training = gradients != null;
    List<LayerInput> inputs = new ArrayList<>();
    LayerInput input = embedding.of(windows, steps);
    for (int l = 0; l < layers.size(); l++) {
      RecurrentPasses layer = layers.get(l);
      inputs.add(input);
      layer.forward(parameters, input, rows, steps);
      input = new DenseInput(layer.outputs(), layer.outputOffset(), units[l], rows * steps, layer.outputGradients());
      DropoutMask dropout = l + 1 < layers.size() ? inputDropouts[l + 1] : null;
      if (training && dropout != null && dropout.active()) {
        Floats mask = buffers.get("mask" + l, (long) rows * steps * units[l]);
        dropout.fill(mask, rows, steps, units[l], firstRow, iteration);
        input = ((DenseInput) input).droppedOut(mask, buffers.get("dropped" + l, (long) rows * steps * units[l]));
      }
    }
    RecurrentPasses top = layers.get(layers.size() - 1);
    Scores scores = output.forward(parameters, top.outputs(), top.outputOffset(), windows, firstRow, steps, iteration,
        training, measureAccuracy);
    if (training) {
      output.backward(parameters, gradients, top.outputGradients());
      for (int l = layers.size() - 1; l >= 0; l--) {
        layers.get(l).backward(parameters, gradients, inputs.get(l));
      }
    }
    return scores;
  }

  long bufferFloats() {
    long floats = embedding.bufferFloats() + output.bufferFloats() + buffers.floats();
    for (RecurrentPasses layer : layers) {
      floats += layer.bufferFloats();
    }
    return floats;
  }

  void free() {
    buffers.free();
    embedding.free();
    layers.forEach(RecurrentPasses::free);
    output.free();
  }
}
