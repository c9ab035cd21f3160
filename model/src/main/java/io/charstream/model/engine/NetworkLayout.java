package io.charstream.model.engine;

import io.charstream.model.cell.Gru;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Reads a DL4J network as the passes need it: which layers, their sizes and where each parameter
 * sits in the flattened parameters (the gradients are laid out alike). Says why when the network
 * is not one the passes compute exactly as DL4J does.
 */
final class NetworkLayout {
  private final MultiLayerNetwork network;
  private final Map<String, Long> offsets = new LinkedHashMap<>();

  private NetworkLayout(MultiLayerNetwork network) {
    this.network = network;
    long offset = 0;
    // DL4J flattens the parameters layer by layer, each layer's in its parameter table's order.
    for (Map.Entry<String, INDArray> parameter : network.paramTable().entrySet()) {
      offsets.put(parameter.getKey(), offset);
      offset += parameter.getValue().length();
    }
  }

  /** Why the passes cannot train this network, or empty when they can. */
  static Optional<String> unsupported(MultiLayerNetwork network) {
    if (network.params().dataType() != DataType.FLOAT) {
      return Optional.of("parameters are " + network.params().dataType() + ", not FLOAT");
    }
    int last = network.getnLayers() - 1;
    if (last < 2) {
      return Optional.of("the network has no recurrent layer");
    }
    for (int i = 0; i <= last; i++) {
      Layer layer = network.getLayer(i).conf().getLayer();
      Optional<String> reason = i == 0 ? unsupportedEmbedding(layer)
          : i == last ? unsupportedOutput(layer) : unsupportedRecurrent(layer);
      if (reason.isPresent()) {
        return Optional.of("layer " + i + ": " + reason.get());
      }
      if (layer instanceof BaseLayer base && !onlyWeightDecay(base)) {
        return Optional.of("layer " + i + " is regularised other than by weight decay");
      }
      if (i < 2 && layer.getIDropout() != null) {
        return Optional.of("layer " + i + " has dropout (only the outputs of recurrent layers may)");
      }
      if (layer.getIDropout() != null && !(layer.getIDropout() instanceof Dropout)) {
        return Optional.of("layer " + i + " has dropout other than plain dropout");
      }
    }
    return Optional.empty();
  }

  /**
   * Weight decay is the updater's alone (it shrinks the parameters after Adam's step), so the
   * passes need not know of it; L1 and L2 would change the gradients they compute.
   */
  private static boolean onlyWeightDecay(BaseLayer layer) {
    return Stream.of(layer.getRegularization(), layer.getRegularizationBias()).filter(Objects::nonNull)
        .flatMap(List::stream).allMatch(WeightDecay.class::isInstance);
  }

  private static Optional<String> unsupportedEmbedding(Layer layer) {
    return layer instanceof EmbeddingSequenceLayer embedding && !embedding.hasBias()
        && embedding.getActivationFn() instanceof ActivationIdentity
        ? Optional.empty() : Optional.of("not an embedding without bias");
  }

  private static Optional<String> unsupportedRecurrent(Layer layer) {
    boolean lstm = layer instanceof LSTM cell && cell.getGateActivationFn() instanceof ActivationSigmoid
        && cell.getActivationFn() instanceof ActivationTanH;
    return lstm || layer instanceof Gru
        ? Optional.empty() : Optional.of("neither a GRU nor an LSTM with sigmoid gates and tanh activation");
  }

  private static Optional<String> unsupportedOutput(Layer layer) {
    if (!(layer instanceof RnnOutputLayer output && output.getActivationFn() instanceof ActivationSoftmax
        && output.getLossFn() instanceof LossMCXENT loss && loss.getWeights() == null && output.hasBias())) {
      return Optional.of("not a softmax output with unweighted multi-class cross-entropy");
    }
    return Optional.empty();
  }

  static NetworkLayout of(MultiLayerNetwork network) {
    unsupported(network).ifPresent(reason -> {
      throw new IllegalArgumentException("charstream's training passes cannot train this network: " + reason);
    });
    return new NetworkLayout(network);
  }

  int vocabulary() {
    return (int) ((EmbeddingSequenceLayer) network.getLayer(0).conf().getLayer()).getNIn();
  }

  /**
   * One replica's passes, with buffers of its own.
   *
   * @param seed seeds the dropout masks, one stream per layer
   */
  Replica replica(long seed) {
    int last = network.getnLayers() - 1;
    EmbeddingSequenceLayer embedding = (EmbeddingSequenceLayer) network.getLayer(0).conf().getLayer();
    List<RecurrentPasses> layers = new ArrayList<>();
    int[] units = new int[last - 1];
    for (int i = 1; i < last; i++) {
      Layer layer = network.getLayer(i).conf().getLayer();
      units[i - 1] = (int) ((FeedForwardLayer) layer).getNOut();
      layers.add(layer instanceof Gru
          ? new GruPasses(units[i - 1], offset(i, "W"), offset(i, "RW"), offset(i, "b"))
          : new LstmPasses(units[i - 1], offset(i, "W"), offset(i, "RW"), offset(i, "b")));
    }
    RnnOutputLayer output = (RnnOutputLayer) network.getLayer(last).conf().getLayer();
    DropoutMask[] inputDropouts = new DropoutMask[last - 1];
    for (int i = 2; i < last; i++) {
      inputDropouts[i - 1] = new DropoutMask(dropout(i), seed + i);
    }
    return new Replica(new EmbeddedInput(vocabulary(), (int) embedding.getNOut(), offset(0, "W")), layers, units,
        inputDropouts, new OutputPasses((int) output.getNIn(), (int) output.getNOut(), offset(last, "W"),
            offset(last, "b"), new DropoutMask(dropout(last), seed)));
  }

  /** Layer i's dropout on its input as a share dropped (DL4J configures the share kept). */
  private double dropout(int layer) {
    return network.getLayer(layer).conf().getLayer().getIDropout() instanceof Dropout dropout ? 1 - dropout.getP() : 0;
  }

  private long offset(int layer, String parameter) {
    return offsets.get(layer + "_" + parameter);
  }
}
