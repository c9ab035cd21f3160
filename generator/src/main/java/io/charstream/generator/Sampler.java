package io.charstream.generator;

import java.util.Random;

/**
 * Picks the next character id from the model's probabilities: temperature 0 is greedy, top-k
 * keeps the k most likely ids, and ids the model may not produce (the unknown id and ids it was
 * never trained on) are never picked. Pure and deterministic for a given random source.
 */
final class Sampler {
  private Sampler() {}

  /**
   * @param probabilities the softmax output for one position
   * @param allowed which ids may be produced
   * @param topK 0 or less for no limit
   */
  static int sample(float[] probabilities, boolean[] allowed, double temperature, int topK, Random random) {
    int vocabulary = probabilities.length;
    double[] weights = new double[vocabulary];
    int best = -1;
    for (int id = 0; id < vocabulary; id++) {
      if (allowed[id] && (best < 0 || probabilities[id] > probabilities[best])) {
        best = id;
      }
    }
    if (best < 0) {
      throw new IllegalStateException("the model allows no id at all");
    }
    if (temperature == 0) {
      return best;
    }
    double threshold = topK > 0 ? kthLargest(probabilities, allowed, topK) : 0;
    double total = 0;
    for (int id = 0; id < vocabulary; id++) {
      if (allowed[id] && probabilities[id] >= threshold && probabilities[id] > 0) {
        // p^(1/T) is softmax(logits / T) up to normalisation.
        weights[id] = Math.exp(Math.log(probabilities[id]) / temperature);
        total += weights[id];
      }
    }
    if (!(total > 0) || Double.isInfinite(total)) {
      return best;
    }
    double target = random.nextDouble() * total;
    double cumulative = 0;
    int last = best;
    for (int id = 0; id < vocabulary; id++) {
      if (weights[id] > 0) {
        cumulative += weights[id];
        last = id;
        if (cumulative > target) {
          return id;
        }
      }
    }
    return last;
  }

  private static double kthLargest(float[] probabilities, boolean[] allowed, int k) {
    float[] candidates = new float[probabilities.length];
    int n = 0;
    for (int id = 0; id < probabilities.length; id++) {
      if (allowed[id]) {
        candidates[n++] = probabilities[id];
      }
    }
    float[] sorted = java.util.Arrays.copyOf(candidates, n);
    java.util.Arrays.sort(sorted);
    return sorted[Math.max(0, n - Math.min(k, n))];
  }
}
