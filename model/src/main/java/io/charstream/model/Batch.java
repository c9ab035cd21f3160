package io.charstream.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Windows of ids to train on or score: a window of L ids gives inputs {@code ids[0, L-1)} and
 * targets {@code ids[1, L)}. DL4J's own training takes them as arrays ({@link #features},
 * {@link #labels}), made only when asked: charstream's passes read the windows as they are.
 */
public record Batch(List<int[]> windows, int vocabularySize) {

  public Batch {
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one window");
    }
    int length = windows.get(0).length;
    for (int[] window : windows) {
      if (window.length != length) {
        throw new IllegalArgumentException("windows of one batch must have one length");
      }
    }
    if (length < 2) {
      throw new IllegalArgumentException("a window needs at least two ids, got " + length);
    }
  }

  public static Batch of(List<int[]> windows, int vocabularySize) {
    return new Batch(List.copyOf(windows), vocabularySize);
  }

  public int size() {
    return windows.size();
  }

  public int steps() {
    return windows.get(0).length - 1;
  }

  public int characters() {
    return size() * steps();
  }

  /** Input ids as DL4J's embedding takes them: {@code [batch, steps]}. */
  public INDArray features() {
    int steps = steps();
    float[] features = new float[size() * steps];
    for (int b = 0; b < size(); b++) {
      for (int t = 0; t < steps; t++) {
        features[b * steps + t] = windows.get(b)[t];
      }
    }
    return Nd4j.create(features, new long[] {size(), steps}, 'c');
  }

  /** Targets one-hot, {@code [batch, vocabulary, steps]} (NCW). */
  public INDArray labels() {
    int steps = steps();
    float[] labels = new float[size() * vocabularySize * steps];
    for (int b = 0; b < size(); b++) {
      for (int t = 0; t < steps; t++) {
        labels[(b * vocabularySize + windows.get(b)[t + 1]) * steps + t] = 1f;
      }
    }
    return Nd4j.create(labels, new long[] {size(), vocabularySize, steps}, 'c');
  }

  /** Targets as ids, {@code [batch][steps]}. */
  public int[][] targets() {
    int[][] targets = new int[size()][steps()];
    for (int b = 0; b < size(); b++) {
      System.arraycopy(windows.get(b), 1, targets[b], 0, steps());
    }
    return targets;
  }
}
