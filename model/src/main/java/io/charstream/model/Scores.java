package io.charstream.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Loss (mean negative log-likelihood, nats per character) and accuracy (share of characters
 * whose most likely id is the target), each summed over the characters it was measured on:
 * training measures the loss on every batch and the accuracy on a sample of them.
 */
public record Scores(double lossSum, long lossCharacters, long correct, long accuracyCharacters) {
  public static final Scores NONE = new Scores(0, 0, 0, 0);
  private static final double FLOOR = 1e-12;

  /** @param probabilities the network's output, {@code [batch, vocabulary, steps]} */
  public static Scores of(INDArray probabilities, int[][] targets) {
    // One copy to the heap: per-element native calls would cost more than the forward pass.
    float[] p = probabilities.dup('c').data().asFloat();
    int vocabulary = (int) probabilities.size(1);
    int steps = targets[0].length;
    double lossSum = 0;
    long correct = 0;
    for (int b = 0; b < targets.length; b++) {
      for (int t = 0; t < steps; t++) {
        int base = b * vocabulary * steps + t;
        int target = targets[b][t];
        lossSum -= Math.log(Math.max(FLOOR, p[base + target * steps]));
        int best = 0;
        float bestP = -1;
        for (int v = 0; v < vocabulary; v++) {
          float pv = p[base + v * steps];
          if (pv > bestP) {
            bestP = pv;
            best = v;
          }
        }
        if (best == target) {
          correct++;
        }
      }
    }
    long characters = (long) targets.length * steps;
    return new Scores(lossSum, characters, correct, characters);
  }

  /** A loss measured elsewhere (the training pass's own score), without accuracy. */
  public static Scores lossOnly(double lossSum, long characters) {
    return new Scores(lossSum, characters, 0, 0);
  }

  public Scores plus(Scores other) {
    return new Scores(lossSum + other.lossSum, lossCharacters + other.lossCharacters, correct + other.correct,
        accuracyCharacters + other.accuracyCharacters);
  }

  public long characters() {
    return lossCharacters;
  }

  public double loss() {
    return lossCharacters == 0 ? Double.NaN : lossSum / lossCharacters;
  }

  public double accuracy() {
    return accuracyCharacters == 0 ? Double.NaN : (double) correct / accuracyCharacters;
  }
}
