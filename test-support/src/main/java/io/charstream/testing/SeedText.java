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

  /**
   * The seed scenario's settings (DESIGN.md): windowing, split and training, and the model it was
   * defined with, so that it keeps its trace when the defaults change.
   */
  public static final Map<String, String> SETTINGS = Map.ofEntries(Map.entry("window.length", "100"),
      Map.entry("window.stride", "1"), Map.entry("validation.fraction", "0.2"), Map.entry("split.block", "100"),
      Map.entry("split.gap", "0"), Map.entry("max.epochs", "10"), Map.entry("batch.size", "8"),
      Map.entry("learning.rate", "0.01"), Map.entry("hidden.size", "256"), Map.entry("lstm.layers", "1"),
      Map.entry("dropout", "0.2"), Map.entry("learning.rate.patience", "0"),
      Map.entry("weights.average.decay", "0"));

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
