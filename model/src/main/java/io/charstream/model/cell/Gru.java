package io.charstream.model.cell;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The configuration of a GRU layer for DL4J, which has no GRU of its own for a
 * {@code MultiLayerNetwork}: a plain DL4J layer configuration, so a network with it is written and
 * restored by {@code ModelSerializer} (with this class on the classpath). The layer itself is
 * {@link GruLayer}; its parameters are described by {@link GruParameters}.
 */
public final class Gru extends BaseRecurrentLayer {

  /** For DL4J's JSON reader. */
  private Gru() {}

  private Gru(Builder builder) {
    super(builder);
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    GruLayer layer = new GruLayer(conf, networkDataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
    layer.setParamTable(params);
    layer.setConf(conf);
    return layer;
  }

  @Override
  public ParamInitializer initializer() {
    return GruParameters.INSTANCE;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    InputType output = getOutputType(-1, inputType);
    long parameters = initializer().numParams(this);
    return new LayerMemoryReport.Builder(layerName, Gru.class, inputType, output)
        .standardMemory(parameters, 3 * parameters)
        .workingMemory(0, 0, 0, 0)
        .cacheMemory(0, 0)
        .build();
  }

  /** Builds a GRU layer: {@code nIn} inputs, {@code nOut} units; input and output in NCW. */
  public static final class Builder extends BaseRecurrentLayer.Builder<Builder> {
    public Builder() {
      dataFormat(RNNFormat.NCW);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Gru build() {
      return new Gru(this);
    }
  }
}
