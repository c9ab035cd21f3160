package io.charstream.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One optimisation step and one evaluation, with the scores Keras would show for them. */
public final class Training {
  private Training() {}

  /**
   * Scores the batch with the weights before the update (as Keras's running metrics do), then
   * takes one optimisation step on it.
   */
  public static Scores step(MultiLayerNetwork network, Batch batch) {
    Scores scores = evaluate(network, batch);
    network.fit(batch.features(), batch.labels());
    return scores;
  }

  /** Scores the batch without training: every window from a zero state. */
  public static Scores evaluate(MultiLayerNetwork network, Batch batch) {
    INDArray probabilities = network.output(batch.features(), false);
    return Scores.of(probabilities, batch.targets());
  }
}
