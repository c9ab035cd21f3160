package io.charstream.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The seed scenario's text (198 characters, written for these tests) and its windows. */
public final class SeedText {
  public static final String TEXT = "The river keeps no record of the rain, yet every stone it passes learns the shape "
      + "of water. We read the stream the same way: one character at a time, guessing the next one, and learning as "
      + "it flows.";

  private SeedText() {}

  /** Ids of a text's characters in order of first appearance, from 1, as the shared vocabulary gives them. */
  public static Map<String, Integer> vocabulary(String text) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    text.codePoints().forEach(cp -> ids.computeIfAbsent(new String(Character.toChars(cp)), k -> ids.size() + 1));
    return ids;
  }

  /** Windows of a text's ids, of the given length, at the given stride. */
  public static List<int[]> windows(String text, int length, int stride) {
    Map<String, Integer> ids = vocabulary(text);
    int[] encoded = text.codePoints().map(cp -> ids.get(new String(Character.toChars(cp)))).toArray();
    List<int[]> windows = new ArrayList<>();
    for (int start = 0; start + length <= encoded.length; start += stride) {
      int[] window = new int[length];
      System.arraycopy(encoded, start, window, 0, length);
      windows.add(window);
    }
    return windows;
  }
}
