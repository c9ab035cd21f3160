package io.charstream.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A network's learning rate, read from and written into its layers' updater configurations, so
 * that it is saved with the network and a resumed model goes on at the rate it had reached.
 */
public final class LearningRate {
  private LearningRate() {}

  /** The rate of the first layer that has one (every layer has the same). */
  public static double of(MultiLayerNetwork network) {
    for (Layer layer : network.getLayers()) {
      if (layer.conf().getLayer() instanceof BaseLayer base && base.getIUpdater().hasLearningRate()) {
        return base.getIUpdater().getLearningRate(0, 0);
      }
    }
    throw new IllegalArgumentException("the network has no layer with a learning rate");
  }

  /**
   * Sets every layer's rate in place. The updater (and charstream's passes, which hold it) read
   * the rate from these configurations at each step; its blocks group layers by equal
   * configuration, which one rate for all leaves as it was, so DL4J's rebuild of it is not needed.
   */
  public static void set(MultiLayerNetwork network, double rate) {
    for (Layer layer : network.getLayers()) {
      if (layer.conf().getLayer() instanceof BaseLayer base) {
        IUpdater updater = base.getIUpdater();
        if (updater != null && updater.hasLearningRate()) {
          updater.setLrAndSchedule(rate, null);
        }
      }
    }
  }
}
