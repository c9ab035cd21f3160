package io.charstream.model.cell;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.model.ModelBytes;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The hand-written GRU layer: its outputs are the GRU formula's, its gradients DL4J's numerical
 * gradients (finite differences in double precision), and a network with it is plain DL4J.
 */
class GruLayerTest {
  private static final int VOCABULARY = 7;
  private static final int UNITS = 5;

  @BeforeAll
  static void doublePrecision() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  @AfterAll
  static void floatPrecision() {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
  }

  /** Embedding 4 → two GRU layers → softmax, in double precision so finite differences are exact enough. */
  private static MultiLayerNetwork network() {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
        .updater(new NoOp())
        .list()
        .layer(new EmbeddingSequenceLayer.Builder().nIn(VOCABULARY).nOut(4).outputDataFormat(RNNFormat.NCW).build())
        .layer(Cells.GRU.layer(4, UNITS))
        .layer(Cells.GRU.layer(UNITS, UNITS))
        .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(UNITS).nOut(VOCABULARY)
            .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build())
        .build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    return network;
  }

  private static INDArray features() {
    return Nd4j.create(new double[][] {{1, 2, 3, 4, 5, 6}, {6, 5, 4, 3, 2, 0}});
  }

  @Test
  void itsGradientsAreTheNumericalGradientsOfEveryParameter() {
    MultiLayerNetwork network = network();
    INDArray labels = Nd4j.zeros(DataType.DOUBLE, 2, VOCABULARY, 6);
    for (int b = 0; b < 2; b++) {
      for (int t = 0; t < 6; t++) {
        labels.putScalar(b, (t + 2 * b + 1) % VOCABULARY, t, 1);
      }
    }
    boolean matches = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(network)
        .input(features()).labels(labels).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
    assertThat(matches).as("analytic gradients equal DL4J's numerical ones").isTrue();
  }

  @Test
  void itsOutputsAreTheGruFormulas() {
    MultiLayerNetwork network = network();
    INDArray output = network.output(features());
    INDArray embedding = network.getParam("0_W");
    double largest = 0;
    for (int b = 0; b < 2; b++) {
      INDArray h1 = Nd4j.zeros(DataType.DOUBLE, 1, UNITS);
      INDArray h2 = Nd4j.zeros(DataType.DOUBLE, 1, UNITS);
      for (int t = 0; t < 6; t++) {
        INDArray x = embedding.getRow(features().getInt(b, t), true).dup(); // the embedding layer has no bias
        h1 = gruStep(network, 1, x, h1);
        h2 = gruStep(network, 2, h1, h2);
        INDArray p = Transforms.softmax(h2.mmul(network.getParam("3_W")).addi(network.getParam("3_b")));
        INDArray actual = output.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(t));
        largest = Math.max(largest, Transforms.abs(p.reshape(VOCABULARY).sub(actual)).maxNumber().doubleValue());
      }
    }
    assertThat(largest).isLessThan(1e-12);
  }

  private static INDArray gruStep(MultiLayerNetwork network, int layer, INDArray x, INDArray h) {
    INDArray fromInput = x.mmul(network.getParam(layer + "_W")).addi(network.getParam(layer + "_b"));
    INDArray fromState = h.mmul(network.getParam(layer + "_RW"));
    INDArray reset = Transforms.sigmoid(gate(fromInput, 0).add(gate(fromState, 0)));
    INDArray update = Transforms.sigmoid(gate(fromInput, 1).add(gate(fromState, 1)));
    INDArray candidate = Transforms.tanh(gate(fromInput, 2).add(reset.mul(gate(fromState, 2))));
    return update.mul(h).add(update.rsub(1).mul(candidate));
  }

  private static INDArray gate(INDArray row, int gate) {
    return row.get(NDArrayIndex.all(), NDArrayIndex.interval(gate * UNITS, (gate + 1) * UNITS));
  }

  @Test
  void aNetworkWithItIsWrittenAndRestoredByModelSerializer() {
    MultiLayerNetwork network = network();
    MultiLayerNetwork restored = ModelBytes.read(ModelBytes.write(network));
    assertThat(restored.getLayer(1)).isInstanceOf(GruLayer.class);
    assertThat(restored.output(features()).equalsWithEps(network.output(features()), 1e-12)).isTrue();
  }

  @Test
  void stepByStepGivesTheWholeSequencesOutputs() {
    MultiLayerNetwork network = network();
    INDArray whole = network.output(features());
    network.rnnClearPreviousState();
    for (int t = 0; t < 6; t++) {
      INDArray step = network.rnnTimeStep(features().get(NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1)));
      INDArray expected = whole.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1));
      assertThat(step.reshape(expected.shape()).equalsWithEps(expected, 1e-12)).as("step %d", t).isTrue();
    }
  }
}
