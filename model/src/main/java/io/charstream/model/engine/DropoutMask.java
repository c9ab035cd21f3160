package io.charstream.model.engine;

/**
 * Inverted dropout as DL4J applies it (keep with probability p, scale the kept by 1/p), with each
 * element's draw a hash of (seed, iteration, batch row, step, unit): the mask is the same however
 * the batch is split between threads, so one thread and two train alike.
 */
final class DropoutMask {
  private final float keep;
  private final long seed;

  /** @param dropout the share dropped, 0 for none */
  DropoutMask(double dropout, long seed) {
    this.keep = (float) (1 - dropout);
    this.seed = seed;
  }

  boolean active() {
    return keep < 1f;
  }

  /** Fills {@code [steps][rows][units]} for batch rows {@code firstRow ..} at this iteration. */
  void fill(Floats mask, int rows, int steps, int units, int firstRow, long iteration) {
    float kept = 1f / keep;
    long base = mix(seed ^ mix(iteration + 0x9E3779B97F4A7C15L));
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < rows; b++) {
        long position = ((long) (firstRow + b) * steps + t) * units;
        int at = (t * rows + b) * units;
        for (int j = 0; j < units; j++) {
          float draw = (mix(base + position + j) >>> 40) * 0x1.0p-24f;
          mask.set(at + j, draw < keep ? kept : 0f);
        }
      }
    }
  }

  /** SplitMix64's finaliser: consecutive inputs give independent-looking outputs. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
