package io.charstream.model;

import io.charstream.model.cell.RecurrentCell;
import java.util.Locale;

/**
 * The network's shape and how it learns.
 *
 * @param embedding size of a character's embedding
 * @param hidden units per recurrent layer
 * @param layers recurrent layers
 * @param dropout share of each recurrent layer's outputs dropped in training (0 = none)
 * @param clip L2 norm each layer's gradient is clipped to (0 = none)
 * @param learningRate Adam's learning rate
 * @param seed seeds the initial weights
 * @param cell the recurrent cell: LSTM or GRU
 * @param accelerated train with charstream's own passes (false: DL4J's own {@code fit})
 * @param weightDecay each step shrinks every weight (not the biases) by this share of the learning rate,
 *     apart from Adam's step (decoupled, as AdamW); 0 = none
 */
public record ModelSettings(int embedding, int hidden, int layers, double dropout, double clip, double learningRate,
    long seed, RecurrentCell cell, boolean accelerated, double weightDecay) {

  /** Without weight decay. */
  public ModelSettings(int embedding, int hidden, int layers, double dropout, double clip, double learningRate,
      long seed, RecurrentCell cell, boolean accelerated) {
    this(embedding, hidden, layers, dropout, clip, learningRate, seed, cell, accelerated, 0);
  }

  public ModelSettings {
    if (embedding < 1 || hidden < 1 || layers < 1) {
      throw new IllegalArgumentException("embedding, hidden size and layers must be positive");
    }
    if (dropout < 0 || dropout >= 1) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("the learning rate must be positive, got " + learningRate);
    }
    if (weightDecay < 0) {
      throw new IllegalArgumentException("weight decay must not be negative, got " + weightDecay);
    }
  }

  /** The shape and how it learns, in one line for logs: "embedding 64, 2 x LSTM 384, dropout 0.25, ...". */
  public String summary() {
    return "embedding " + embedding + ", " + layers + " x " + cell.name().toUpperCase(Locale.ROOT) + " " + hidden
        + ", dropout " + dropout + ", weight decay " + weightDecay + ", learning rate " + learningRate;
  }
}
