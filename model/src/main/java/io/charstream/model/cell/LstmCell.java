package io.charstream.model.cell;

import static io.charstream.model.inference.Activations.floats;

import io.charstream.model.inference.CellStep;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** DL4J's own LSTM layer. */
final class LstmCell implements RecurrentCell {
  @Override
  public String name() {
    return "lstm";
  }

  @Override
  public Layer layer(int inputs, int units) {
    return new LSTM.Builder().nIn(inputs).nOut(units).activation(Activation.TANH).dataFormat(RNNFormat.NCW).build();
  }

  @Override
  public boolean isLayerOf(org.deeplearning4j.nn.api.Layer layer) {
    return layer instanceof org.deeplearning4j.nn.layers.recurrent.LSTM;
  }

  @Override
  public CellStep inference(MultiLayerNetwork network, int index) {
    INDArray input = network.getParam(index + "_W");
    INDArray recurrent = network.getParam(index + "_RW");
    return new LstmStep(floats(Nd4j.vstack(input, recurrent)), floats(network.getParam(index + "_b")),
        (int) input.size(0), (int) recurrent.size(0));
  }
}
