package io.charstream.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Loss (mean negative log-likelihood, nats per character) and accuracy (share of characters
 * whose most likely id is the target) of a batch's predicted distributions.
 */
public record Scores(double lossSum, long correct, long characters) {
  public static final Scores NONE = new Scores(0, 0, 0);
  private static final double FLOOR = 1e-12;

  /** @param probabilities the network's output, {@code [batch, vocabulary, steps]} */
  public static Scores of(INDArray probabilities, int[][] targets) {
    // One copy to the heap: per-element native calls would cost more than the forward pass.
    float[] p = probabilities.dup('c').data().asFloat();
    long vocabulary = probabilities.size(1);
    int steps = targets[0].length;
    double lossSum = 0;
    long correct = 0;
    for (int b = 0; b < targets.length; b++) {
      for (int t = 0; t < steps; t++) {
        long base = b * vocabulary * steps + t;
        int target = targets[b][t];
        lossSum -= Math.log(Math.max(FLOOR, p[(int) (base + (long) target * steps)]));
        int best = 0;
        float bestP = -1;
        for (int v = 0; v < vocabulary; v++) {
          float pv = p[(int) (base + (long) v * steps)];
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
    return new Scores(lossSum, correct, (long) targets.length * steps);
  }

  public Scores plus(Scores other) {
    return new Scores(lossSum + other.lossSum, correct + other.correct, characters + other.characters);
  }

  public double loss() {
    return characters == 0 ? Double.NaN : lossSum / characters;
  }

  public double accuracy() {
    return characters == 0 ? Double.NaN : (double) correct / characters;
  }
}
