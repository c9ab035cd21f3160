package io.charstream.model.cell;

import static io.charstream.model.inference.Activations.floats;

import io.charstream.model.inference.CellStep;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The GRU, the TensorFlow tutorial's cell: charstream's own DL4J layer ({@link Gru}, {@link GruLayer}). */
final class GruCell implements RecurrentCell {
  @Override
  public String name() {
    return "gru";
  }

  @Override
  public Layer layer(int inputs, int units) {
    return new Gru.Builder().nIn(inputs).nOut(units).build();
  }

  @Override
  public boolean isLayerOf(org.deeplearning4j.nn.api.Layer layer) {
    return layer instanceof GruLayer;
  }

  @Override
  public CellStep inference(MultiLayerNetwork network, int index) {
    INDArray input = network.getParam(index + "_" + GruParameters.INPUT_WEIGHTS);
    INDArray recurrent = network.getParam(index + "_" + GruParameters.RECURRENT_WEIGHTS);
    return new GruStep(floats(input), floats(recurrent), floats(network.getParam(index + "_" + GruParameters.BIAS)),
        (int) input.size(0), (int) recurrent.size(0));
  }
}
