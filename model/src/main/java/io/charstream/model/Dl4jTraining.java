package io.charstream.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Training through DL4J's own {@code fit} and {@code output}: the reference the faster passes are checked against. */
public final class Dl4jTraining implements ModelTraining {
  private final MultiLayerNetwork network;

  public Dl4jTraining(MultiLayerNetwork network) {
    this.network = network;
  }

  /** Accuracy needs the predictions, which {@code fit} does not hand out: one extra forward pass measures it first. */
  @Override
  public Scores step(Batch batch, boolean measureAccuracy) {
    Scores accuracy = measureAccuracy ? evaluate(batch) : Scores.NONE;
    // DL4J's score adds the regularisation term (of the parameters before the step); the loss is without it.
    double regularisation = network.calcRegularizationScore(true);
    network.fit(batch.features(), batch.labels());
    // DL4J's score: the loss summed over time steps, averaged over the batch's sequences.
    double lossSum = (network.score() - regularisation) * batch.size();
    return Scores.lossOnly(lossSum, batch.characters())
        .plus(new Scores(0, 0, accuracy.correct(), accuracy.accuracyCharacters()));
  }

  @Override
  public Scores evaluate(Batch batch) {
    INDArray probabilities = network.output(batch.features(), false);
    return Scores.of(probabilities, batch.targets());
  }

  @Override
  public void close() {}
}
