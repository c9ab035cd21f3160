package io.charstream.schemas;

/**
 * The key of a model snapshot on the compacted {@code models} topic: one record per model name and
 * version, so compaction keeps every version until a tombstone prunes it. The version is
 * zero-padded so that keys sort by version.
 */
public final class ModelKey {
  private ModelKey() {}

  public static String of(String modelName, long version) {
    return String.format("%s@%012d", modelName, version);
  }
}
