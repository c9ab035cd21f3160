package io.charstream.service;

import java.util.ArrayList;
import java.util.List;

/** A list cut into consecutive pieces: a trainer's batches, a generator's batches and its threads' shares. */
public final class Chunks {
  private Chunks() {}

  /**
   * Consecutive views of at most {@code size} elements each, in order, the last one possibly
   * shorter; none for an empty list.
   */
  public static <T> List<List<T>> of(List<T> list, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("chunks of " + size + " elements: the size must be 1 or more");
    }
    List<List<T>> chunks = new ArrayList<>((list.size() + size - 1) / size);
    for (int from = 0; from < list.size(); from += size) {
      chunks.add(list.subList(from, Math.min(list.size(), from + size)));
    }
    return chunks;
  }
}
