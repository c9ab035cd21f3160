package io.charstream.model;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Windows of ids as network input and labels: a window of L ids gives inputs {@code ids[0, L-1)}
 * and targets {@code ids[1, L)}. Features are {@code [batch, L-1]} ids; labels one-hot
 * {@code [batch, vocabulary, L-1]} (NCW).
 */
public record Batch(INDArray features, INDArray labels, int[][] targets) {

  public static Batch of(List<int[]> windows, int vocabularySize) {
    int batch = windows.size();
    int steps = windows.get(0).length - 1;
    float[] features = new float[batch * steps];
    float[] labels = new float[batch * vocabularySize * steps];
    int[][] targets = new int[batch][steps];
    for (int b = 0; b < batch; b++) {
      int[] window = windows.get(b);
      if (window.length != steps + 1) {
        throw new IllegalArgumentException("windows of one batch must have one length");
      }
      for (int t = 0; t < steps; t++) {
        features[b * steps + t] = window[t];
        int target = window[t + 1];
        targets[b][t] = target;
        labels[(b * vocabularySize + target) * steps + t] = 1f;
      }
    }
    return new Batch(
        Nd4j.create(features, new long[] {batch, steps}, 'c').castTo(DataType.FLOAT),
        Nd4j.create(labels, new long[] {batch, vocabularySize, steps}, 'c'),
        targets);
  }

  public int size() {
    return targets.length;
  }

  public int characters() {
    return targets.length * targets[0].length;
  }
}
