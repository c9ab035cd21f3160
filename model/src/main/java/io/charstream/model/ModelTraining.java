package io.charstream.model;

import io.charstream.model.engine.ParallelTraining;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.LoggerFactory;

/** Optimisation steps and evaluations of one network, with the scores Keras would show for them. */
public interface ModelTraining extends AutoCloseable {
  /**
   * One optimisation step on the batch. The loss is the training pass's own (before the update,
   * dropout included, as Keras reports it); the accuracy is measured when asked.
   */
  Scores step(Batch batch, boolean measureAccuracy);

  /** Scores the batch without training: every window from a zero state, no dropout. */
  Scores evaluate(Batch batch);

  @Override
  void close();

  /**
   * charstream's own passes on {@code threads} threads when the settings ask for them and they can
   * train this network; DL4J's own {@code fit} otherwise.
   */
  static ModelTraining of(MultiLayerNetwork network, ModelSettings settings, int threads) {
    if (settings.accelerated()) {
      // Checked before the passes' classes load: they are written with the Vector API.
      var unsupported = VectorApi.available() ? ParallelTraining.unsupported(network)
          : Optional.of("this JVM lacks the Vector API (start it with --add-modules jdk.incubator.vector)");
      if (unsupported.isEmpty()) {
        return new ParallelTraining(network, threads, settings.seed());
      }
      LoggerFactory.getLogger(ModelTraining.class).info("training with DL4J's own passes on one thread: {}",
          unsupported.get());
    }
    return new Dl4jTraining(network);
  }
}
