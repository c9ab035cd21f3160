package io.charstream.model.cell;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.model.Batch;
import io.charstream.model.CharModel;
import io.charstream.model.ModelBytes;
import io.charstream.model.ModelSettings;
import io.charstream.testing.SeedText;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The fused LSTM passes against DL4J's own: same outputs, same gradients, same parameter layout. */
class FusedLstmHelperTest {
  private static final ModelSettings TWO_LAYERS = new ModelSettings(16, 32, 2, 0, 0, 0.01, 7, Cells.LSTM, false);

  private List<FusedLstmHelper> helpers;

  private MultiLayerNetwork[] twins() {
    Set<Integer> seen = new HashSet<>(SeedText.vocabulary(SeedText.TEXT).values());
    MultiLayerNetwork stock = CharModel.create(TWO_LAYERS, 64, seen);
    MultiLayerNetwork fused = stock.clone();
    helpers = FusedLstmHelper.install(fused);
    return new MultiLayerNetwork[] {stock, fused};
  }

  private static Batch batch() {
    List<int[]> windows = SeedText.windows(SeedText.TEXT, 30, 11);
    return Batch.of(windows.subList(0, 6), 64);
  }

  private static INDArray gradient(MultiLayerNetwork network, Batch batch) {
    network.setInput(batch.features());
    network.setLabels(batch.labels());
    network.computeGradientAndScore();
    return network.gradient().gradient().dup();
  }

  @Test
  void givesTheStockLayersGradientsForEveryParameter() {
    MultiLayerNetwork[] twins = twins();
    Batch batch = batch();
    INDArray stock = gradient(twins[0], batch);
    INDArray fused = gradient(twins[1], batch);

    double scale = stock.norm2Number().doubleValue();
    double difference = stock.sub(fused).norm2Number().doubleValue();
    assertThat(scale).isPositive();
    assertThat(difference / scale).as("relative difference of the gradients").isLessThan(1e-4);
    assertThat(twins[1].score()).isCloseTo(twins[0].score(), org.assertj.core.data.Offset.offset(1e-4));
    assertThat(helpers.stream().mapToLong(FusedLstmHelper::backwardPasses).sum()).as("backward passes the fused code computed").isEqualTo(2);
  }

  @Test
  void givesTheStockLayersOutputs() {
    MultiLayerNetwork[] twins = twins();
    Batch batch = batch();
    INDArray stock = twins[0].output(batch.features(), false);
    INDArray fused = twins[1].output(batch.features(), false);
    assertThat(fused.equalsWithEps(stock, 1e-5)).isTrue();
    assertThat(helpers.stream().mapToLong(FusedLstmHelper::forwardPasses).sum()).as("forward passes the fused code computed").isEqualTo(2);
  }

  @Test
  void trainsToTheSameParametersAsTheStockLayer() {
    MultiLayerNetwork[] twins = twins();
    Batch batch = batch();
    for (int i = 0; i < 3; i++) {
      twins[0].fit(batch.features(), batch.labels());
      twins[1].fit(batch.features(), batch.labels());
    }
    double scale = twins[0].params().norm2Number().doubleValue();
    double difference = twins[0].params().sub(twins[1].params()).norm2Number().doubleValue();
    assertThat(difference / scale).isLessThan(1e-4);
    assertThat(helpers.stream().mapToLong(FusedLstmHelper::reusedPasses).sum()).as("training forward passes reused by backprop").isEqualTo(6);
    // The parameters keep the stock layout: a snapshot of the fused network loads as a plain one.
    MultiLayerNetwork loaded = ModelBytes.read(ModelBytes.write(twins[1]));
    assertThat(loaded.output(batch.features(), false).equalsWithEps(twins[0].output(batch.features(), false), 1e-4))
        .isTrue();
  }
}
