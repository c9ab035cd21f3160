package io.charstream.schemas;

import java.util.Optional;

/**
 * The key of a model snapshot on the compacted {@code models} topic, {@code name@version}: one
 * record per model name and version, so compaction keeps every version until a tombstone prunes
 * it. The version is zero-padded so that keys sort by version. Written by {@link #of} and read by
 * {@link #parse}, nowhere else.
 */
public record ModelKey(String modelName, long version) {
  private static final char SEPARATOR = '@';

  public static String of(String modelName, long version) {
    return String.format("%s%c%012d", modelName, SEPARATOR, version);
  }

  /** The model name and version of a key; empty for a key that is not a model key. */
  public static Optional<ModelKey> parse(String key) {
    if (key == null) {
      return Optional.empty();
    }
    int at = key.lastIndexOf(SEPARATOR);
    if (at <= 0 || at == key.length() - 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ModelKey(key.substring(0, at), Long.parseLong(key.substring(at + 1))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** This key as written on the topic. */
  @Override
  public String toString() {
    return of(modelName, version);
  }
}
