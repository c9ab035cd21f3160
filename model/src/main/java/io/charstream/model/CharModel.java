package io.charstream.model;

import io.charstream.model.cell.RecurrentCell;
import io.charstream.model.inference.CellStep;
import io.charstream.model.inference.CharModelInference;
import io.charstream.model.inference.MatrixMultiply;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The character model: Embedding → recurrent layers (LSTM or GRU, one or more) → softmax over the
 * vocabulary, as a plain DL4J network, so a snapshot loads with {@code ModelSerializer}.
 */
public final class CharModel {
  /** Output bias of ids never seen when the model is made: their probability starts near zero. */
  static final double UNSEEN_BIAS = -10;

  private CharModel() {}

  /**
   * A new network, initialised as PyTorch does (embedding N(0, 1), every other weight and bias
   * U(±1/√hidden)); DL4J's default initialisation learned markedly slower on small data.
   *
   * @param vocabularySize ids in and out: the vocabulary's capacity
   * @param seenIds ids the text has used so far; the others start with a very low output bias,
   *     so that a wide output layer does not spend its first epochs pushing unused ids down
   */
  public static MultiLayerNetwork create(ModelSettings settings, int vocabularySize, Set<Integer> seenIds) {
    MultiLayerNetwork network = new MultiLayerNetwork(configuration(settings, vocabularySize));
    network.init();
    initialiseLikePyTorch(network, settings);
    String outputBiasKey = (network.getnLayers() - 1) + "_b";
    INDArray outputBias = network.getParam(outputBiasKey).dup();
    for (int id = 0; id < vocabularySize; id++) {
      if (!seenIds.contains(id)) {
        outputBias.putScalar(id, UNSEEN_BIAS);
      }
    }
    network.setParam(outputBiasKey, outputBias);
    return forTraining(network, settings);
  }

  /** A network (new, or loaded from a snapshot) to train with these settings: it must be of their cell. */
  public static MultiLayerNetwork forTraining(MultiLayerNetwork network, ModelSettings settings) {
    checkCell(network, settings.cell());
    return network;
  }

  /** A trained network read out for generation, each recurrent layer stepped as its cell says. */
  public static CharModelInference inference(MultiLayerNetwork network, RecurrentCell cell) {
    return inference(network, cell, MatrixMultiply.fastest());
  }

  public static CharModelInference inference(MultiLayerNetwork network, RecurrentCell cell, MatrixMultiply kernel) {
    checkCell(network, cell);
    List<CellStep> steps = new ArrayList<>();
    for (int l = 1; l < network.getnLayers() - 1; l++) {
      steps.add(cell.inference(network, l));
    }
    return new CharModelInference(network, steps, kernel);
  }

  /** Every layer between the embedding and the output must be the cell's; a mismatch is a bug or a corrupt snapshot. */
  private static void checkCell(MultiLayerNetwork network, RecurrentCell cell) {
    for (int l = 1; l < network.getnLayers() - 1; l++) {
      if (!cell.isLayerOf(network.getLayer(l))) {
        throw new IllegalArgumentException("layer " + l + " of the network is a "
            + network.getLayer(l).getClass().getSimpleName() + ", not a layer of the " + cell.name() + " cell");
      }
    }
  }

  static MultiLayerConfiguration configuration(ModelSettings settings, int vocabularySize) {
    NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
        .seed(settings.seed() == 0 ? 1 : settings.seed()) // seed 0 did not make initialisation reproducible
        .dataType(DataType.FLOAT)
        .updater(new Adam(settings.learningRate()))
        .trainingWorkspaceMode(WorkspaceMode.ENABLED)
        .inferenceWorkspaceMode(WorkspaceMode.ENABLED);
    if (settings.clip() > 0) {
      base.gradientNormalization(GradientNormalization.ClipL2PerLayer)
          .gradientNormalizationThreshold(settings.clip());
    }
    if (settings.weightDecay() > 0) {
      base.weightDecay(settings.weightDecay()); // applied after Adam's step, scaled by the learning rate
    }
    NeuralNetConfiguration.ListBuilder layers = base.list()
        .layer(new EmbeddingSequenceLayer.Builder()
            .nIn(vocabularySize).nOut(settings.embedding())
            .outputDataFormat(RNNFormat.NCW)
            .build());
    int inputs = settings.embedding();
    for (int i = 0; i < settings.layers(); i++) {
      org.deeplearning4j.nn.conf.layers.Layer layer = settings.cell().layer(inputs, settings.hidden());
      if (i > 0 && settings.dropout() > 0) {
        layer.setIDropout(new Dropout(1 - settings.dropout())); // on the outputs of the layer below
      }
      layers.layer(layer);
      inputs = settings.hidden();
    }
    RnnOutputLayer.Builder output = new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
        .nIn(inputs).nOut(vocabularySize)
        .activation(Activation.SOFTMAX)
        .dataFormat(RNNFormat.NCW);
    if (settings.dropout() > 0) {
      output.dropOut(new Dropout(1 - settings.dropout())); // DL4J takes the probability of keeping
    }
    return layers.layer(output.build()).build();
  }

  private static void initialiseLikePyTorch(MultiLayerNetwork network, ModelSettings settings) {
    Nd4j.getRandom().setSeed(settings.seed());
    double bound = 1 / Math.sqrt(settings.hidden());
    for (var entry : network.paramTable().entrySet()) {
      long[] shape = entry.getValue().shape();
      INDArray value = entry.getKey().startsWith("0_")
          ? Nd4j.randn(DataType.FLOAT, shape)
          : Nd4j.rand(DataType.FLOAT, shape).muli(2 * bound).subi(bound);
      network.setParam(entry.getKey(), value);
    }
  }
}
