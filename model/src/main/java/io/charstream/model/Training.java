package io.charstream.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One optimisation step and one evaluation, with the scores Keras would show for them. */
public final class Training {
  private Training() {}

  /**
   * One optimisation step on the batch. The loss is the training pass's own (before the update,
   * dropout included, as Keras reports it). Accuracy needs the predictions, which the training
   * pass does not hand out: when asked, one extra forward pass measures it first (about a fifth
   * of a step's cost, so the trainer samples it).
   */
  public static Scores step(MultiLayerNetwork network, Batch batch, boolean measureAccuracy) {
    Scores accuracy = measureAccuracy ? evaluate(network, batch) : Scores.NONE;
    network.fit(batch.features(), batch.labels());
    // DL4J's score: the loss summed over time steps, averaged over the batch's sequences.
    double lossSum = network.score() * batch.size();
    return Scores.lossOnly(lossSum, batch.characters())
        .plus(new Scores(0, 0, accuracy.correct(), accuracy.accuracyCharacters()));
  }

  /** Scores the batch without training: every window from a zero state. */
  public static Scores evaluate(MultiLayerNetwork network, Batch batch) {
    INDArray probabilities = network.output(batch.features(), false);
    return Scores.of(probabilities, batch.targets());
  }
}
