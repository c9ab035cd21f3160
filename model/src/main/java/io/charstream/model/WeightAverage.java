package io.charstream.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An exponential moving average of a network's parameters over its training steps (Polyak
 * averaging): at a constant learning rate the trained weights keep jumping about the minimum by
 * the size of a step, and their average lies nearer to it. Training goes on with the network's
 * own weights; {@link #applied()} puts the average in their place for a while, to score or save it.
 * The first steps weigh more (as TensorFlow's ExponentialMovingAverage with num_updates does), so
 * the average does not hold on to the initial weights.
 */
public final class WeightAverage {
  private final INDArray parameters;
  private final INDArray average;
  private final INDArray held;
  private final double decay;
  private long updates;

  /**
   * The average of the network's parameters from now on, each step keeping {@code decay} of it;
   * {@code decay} 0 means no average: {@link #applied()} leaves the network's own weights in place.
   */
  public WeightAverage(MultiLayerNetwork network, double decay) {
    if (decay < 0 || decay >= 1) {
      throw new IllegalArgumentException("the average's decay must be in [0, 1), got " + decay);
    }
    this.parameters = network.params();
    this.decay = decay;
    this.average = decay == 0 ? null : parameters.dup();
    this.held = decay == 0 ? null : parameters.ulike();
  }

  /** Takes the network's parameters after a training step into the average. */
  public void update() {
    if (average == null) {
      return;
    }
    updates++;
    double kept = Math.min(decay, (1.0 + updates) / (10.0 + updates));
    average.muli(kept);
    Nd4j.getBlasWrapper().level1().axpy(average.length(), 1 - kept, parameters, average);
  }

  /** Puts the average in place of the network's parameters until the result is closed. */
  public Applied applied() {
    if (average == null) {
      return () -> { };
    }
    held.assign(parameters);
    parameters.assign(average);
    return () -> parameters.assign(held);
  }

  /** The average in place of the network's own weights; closing puts them back. */
  public interface Applied extends AutoCloseable {
    @Override
    void close();
  }
}
