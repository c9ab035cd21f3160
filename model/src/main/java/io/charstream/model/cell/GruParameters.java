package io.charstream.model.cell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A GRU layer's parameters as views of the network's one flat parameter vector, named and laid out
 * as DL4J's own recurrent layers are: {@code W} {@code [inputs, 3 * units]}, {@code RW}
 * {@code [units, 3 * units]} and {@code b} {@code [1, 3 * units]}, 'f' order, the three gates in the
 * order reset, update, candidate.
 */
public final class GruParameters implements ParamInitializer {
  public static final String INPUT_WEIGHTS = "W";
  public static final String RECURRENT_WEIGHTS = "RW";
  public static final String BIAS = "b";
  static final GruParameters INSTANCE = new GruParameters();

  private GruParameters() {}

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer layer) {
    FeedForwardLayer gru = (FeedForwardLayer) layer;
    long units = gru.getNOut();
    return (gru.getNIn() + units + 1) * 3 * units;
  }

  @Override
  public List<String> paramKeys(Layer layer) {
    return List.of(INPUT_WEIGHTS, RECURRENT_WEIGHTS, BIAS);
  }

  @Override
  public List<String> weightKeys(Layer layer) {
    return List.of(INPUT_WEIGHTS, RECURRENT_WEIGHTS);
  }

  @Override
  public List<String> biasKeys(Layer layer) {
    return List.of(BIAS);
  }

  @Override
  public boolean isWeightParam(Layer layer, String key) {
    return INPUT_WEIGHTS.equals(key) || RECURRENT_WEIGHTS.equals(key);
  }

  @Override
  public boolean isBiasParam(Layer layer, String key) {
    return BIAS.equals(key);
  }

  /** Views of the parameters; when asked to initialise, uniform in ±1/√units (PyTorch's GRU default). */
  @Override
  public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray view, boolean initialize) {
    Map<String, INDArray> params = split(conf, view);
    if (initialize) {
      double bound = 1 / Math.sqrt(((FeedForwardLayer) conf.getLayer()).getNOut());
      for (INDArray param : params.values()) {
        param.assign(Nd4j.rand(param.dataType(), param.shape()).muli(2 * bound).subi(bound));
      }
    }
    return params;
  }

  @Override
  public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray view) {
    return split(conf, view);
  }

  private Map<String, INDArray> split(NeuralNetConfiguration conf, INDArray view) {
    FeedForwardLayer gru = (FeedForwardLayer) conf.getLayer();
    long inputs = gru.getNIn();
    long units = gru.getNOut();
    INDArray flat = view.reshape(view.length());
    long inputWeights = inputs * 3 * units;
    long recurrentWeights = units * 3 * units;
    Map<String, INDArray> params = new LinkedHashMap<>();
    params.put(INPUT_WEIGHTS, flat.get(NDArrayIndex.interval(0, inputWeights)).reshape('f', inputs, 3 * units));
    params.put(RECURRENT_WEIGHTS, flat.get(NDArrayIndex.interval(inputWeights, inputWeights + recurrentWeights))
        .reshape('f', units, 3 * units));
    params.put(BIAS, flat.get(NDArrayIndex.interval(inputWeights + recurrentWeights,
        inputWeights + recurrentWeights + 3 * units)).reshape('f', 1, 3 * units));
    return params;
  }
}
