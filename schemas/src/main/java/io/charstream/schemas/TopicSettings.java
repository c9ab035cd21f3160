package io.charstream.schemas;

/**
 * What a deployment decides about its topics.
 *
 * @param prefix prepended to every topic name, so several pipelines can share a cluster
 * @param partitions partitions of the keyed topics (vocab and models always have one)
 * @param replicationFactor replication factor of every topic
 * @param retentionMs retention of the non-compacted topics; -1 keeps everything, which the
 *     trainer needs to read every epoch from the log
 * @param maxTextBytes the largest text event ingest accepts; text.raw and text.rejected accept
 *     records a little larger so that an oversized event reaches ingest and is rejected with a reason
 * @param maxSnapshotBytes the largest model snapshot; the models topic accepts records that large
 */
public record TopicSettings(
    String prefix,
    int partitions,
    short replicationFactor,
    long retentionMs,
    int maxTextBytes,
    int maxSnapshotBytes) {

  public static final int DEFAULT_MAX_TEXT_BYTES = 1 << 20;
  public static final int DEFAULT_MAX_SNAPSHOT_BYTES = 64 << 20;

  public static TopicSettings defaults() {
    return new TopicSettings("", 1, (short) 1, -1L, DEFAULT_MAX_TEXT_BYTES, DEFAULT_MAX_SNAPSHOT_BYTES);
  }

  public TopicSettings {
    if (prefix == null) {
      prefix = "";
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replication factor must be at least 1, got " + replicationFactor);
    }
    if (maxTextBytes < 1 || maxSnapshotBytes < 1) {
      throw new IllegalArgumentException("size caps must be positive");
    }
  }

  public TopicSettings withPartitions(int newPartitions) {
    return new TopicSettings(prefix, newPartitions, replicationFactor, retentionMs, maxTextBytes, maxSnapshotBytes);
  }

  public TopicSettings withPrefix(String newPrefix) {
    return new TopicSettings(newPrefix, partitions, replicationFactor, retentionMs, maxTextBytes, maxSnapshotBytes);
  }
}
