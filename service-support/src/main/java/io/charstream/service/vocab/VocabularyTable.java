package io.charstream.service.vocab;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared character vocabulary as one service knows it: characters (Unicode code points,
 * NFC-normalised) to ids and back. Id 0 is the unknown character; real characters get ids
 * 1 to capacity-1 in the order they were first assigned, and a character past the capacity maps
 * to the unknown id. Thread-safe for readers; one writer at a time.
 */
public final class VocabularyTable {
  public static final int UNKNOWN_ID = 0;
  public static final String UNKNOWN_LABEL = "[UNK]";

  private final int capacity;
  private final Map<String, Integer> ids = new ConcurrentHashMap<>();
  private final Map<Integer, String> chars = new ConcurrentHashMap<>();

  public VocabularyTable(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("a vocabulary needs room for the unknown id and one character");
    }
    this.capacity = capacity;
  }

  public int capacity() {
    return capacity;
  }

  public int size() {
    return ids.size();
  }

  public Optional<Integer> idOf(String character) {
    return Optional.ofNullable(ids.get(character));
  }

  /** The ids of a text's code points; unknown characters get {@link #UNKNOWN_ID}. */
  public int[] encode(String text) {
    return text.codePoints().map(cp -> ids.getOrDefault(key(cp), UNKNOWN_ID)).toArray();
  }

  /** The text of ids; the unknown id and ids never assigned decode to U+FFFD. */
  public String decode(Collection<Integer> idList) {
    StringBuilder text = new StringBuilder(idList.size());
    for (int id : idList) {
      text.append(character(id));
    }
    return text.toString();
  }

  /** The character of one id, as {@link #decode} writes it: a text is its ids' characters in order. */
  public String character(int id) {
    return chars.getOrDefault(id, "\uFFFD");
  }

  /** The distinct characters of a text that have no id yet, in order of first appearance. */
  public List<String> unknownCharacters(String text) {
    List<String> unknown = new ArrayList<>();
    text.codePoints().mapToObj(VocabularyTable::key).distinct().filter(c -> !ids.containsKey(c)).forEach(unknown::add);
    return unknown;
  }

  /**
   * Records an assignment read from the vocabulary topic.
   *
   * @return false when the character already had another id, which would mean two writers: the
   *     first id is kept, because ids never change
   */
  public boolean record(String character, int id) {
    Integer existing = ids.putIfAbsent(character, id);
    if (existing == null) {
      chars.put(id, character);
      return true;
    }
    return existing == id;
  }

  /**
   * Proposes ids for new characters, continuing after the highest id given so far. Characters
   * that do not fit in the capacity are left out: they stay unknown.
   */
  public Map<String, Integer> proposeIds(List<String> newCharacters) {
    int next = chars.keySet().stream().mapToInt(Integer::intValue).max().orElse(UNKNOWN_ID) + 1;
    Map<String, Integer> proposal = new LinkedHashMap<>();
    for (String character : newCharacters) {
      if (next >= capacity) {
        break;
      }
      if (!ids.containsKey(character) && !proposal.containsKey(character)) {
        proposal.put(character, next++);
      }
    }
    return proposal;
  }

  /** Characters and ids in id order. */
  public Map<String, Integer> entries() {
    Map<String, Integer> sorted = new LinkedHashMap<>();
    chars.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> sorted.put(e.getValue(), e.getKey()));
    return sorted;
  }

  public static String key(int codePoint) {
    return new String(Character.toChars(codePoint));
  }
}
