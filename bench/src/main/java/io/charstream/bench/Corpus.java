package io.charstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A text as ids (first-seen order from 1, as the shared vocabulary gives them), split 90/10. */
final class Corpus {
  final int[] ids;
  final int vocabularySize;
  private final Map<String, Integer> characters;

  private Corpus(int[] ids, Map<String, Integer> characters) {
    this.ids = ids;
    this.characters = characters;
    this.vocabularySize = characters.size() + 1;
  }

  /** Each character and its id. */
  Map<String, Integer> characters() {
    return characters;
  }

  static Corpus read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Map<String, Integer> idOf = new LinkedHashMap<>();
    int[] ids = text.codePoints().map(cp -> idOf.computeIfAbsent(new String(Character.toChars(cp)),
        k -> idOf.size() + 1)).toArray();
    return new Corpus(ids, idOf);
  }

  int trainEnd() {
    return (int) (ids.length * 0.9);
  }

  /** Random windows of the training split, as the reference samples them. */
  List<int[]> randomTrainWindows(int count, int length, Random random) {
    List<int[]> windows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int start = random.nextInt(trainEnd() - length);
      int[] window = new int[length];
      System.arraycopy(ids, start, window, 0, length);
      windows.add(window);
    }
    return windows;
  }
}
