package io.charstream.schemas;

/**
 * What a deployment decides about its topics.
 *
 * @param prefix prepended to every topic name, so several pipelines can share a cluster
 * @param partitions partitions of the keyed topics (vocab, models and the training events always have one)
 * @param textRawPartitions partitions of text.raw: lines without a key keep the order they were sent
 *     in only within one partition, so one unless every producer keys its records
 * @param replicationFactor replication factor of every topic; {@link #AUTO_REPLICATION} follows the
 *     cluster: min(3, brokers) when a topic is created
 * @param retentionMs how long the non-compacted topics keep a record (-1: for ever); the trainer
 *     never needs old records, its snapshots carry what it holds
 * @param retentionBytes how many bytes each partition of a non-compacted topic keeps (-1: no limit)
 * @param maxTextBytes the largest text event ingest accepts; text.raw and text.rejected accept
 *     records a little larger so that an oversized event reaches ingest and is rejected with a reason
 * @param maxSnapshotBytes the largest model snapshot; the models topic accepts records that large
 */
public record TopicSettings(
    String prefix,
    int partitions,
    int textRawPartitions,
    short replicationFactor,
    long retentionMs,
    long retentionBytes,
    int maxTextBytes,
    int maxSnapshotBytes) {

  public static final int DEFAULT_MAX_TEXT_BYTES = 1 << 20;
  public static final int DEFAULT_MAX_SNAPSHOT_BYTES = 64 << 20;
  public static final short AUTO_REPLICATION = 0;
  public static final int DEFAULT_PARTITIONS = 3;
  public static final long DEFAULT_RETENTION_MS = 7L * 24 * 60 * 60 * 1000;
  public static final long DEFAULT_RETENTION_BYTES = 1L << 30;

  public static TopicSettings defaults() {
    return new TopicSettings("", DEFAULT_PARTITIONS, 1, AUTO_REPLICATION, DEFAULT_RETENTION_MS, DEFAULT_RETENTION_BYTES,
        DEFAULT_MAX_TEXT_BYTES,
        DEFAULT_MAX_SNAPSHOT_BYTES);
  }

  public TopicSettings {
    if (prefix == null) {
      prefix = "";
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    if (replicationFactor < 0) {
      throw new IllegalArgumentException("replication factor must be at least 1 (or 0: follow the cluster), got "
          + replicationFactor);
    }
    if (textRawPartitions < 1) {
      throw new IllegalArgumentException("text.raw needs at least 1 partition, got " + textRawPartitions);
    }
    if (maxTextBytes < 1 || maxSnapshotBytes < 1) {
      throw new IllegalArgumentException("size caps must be positive");
    }
  }

  public TopicSettings withPartitions(int newPartitions) {
    return new TopicSettings(prefix, newPartitions, textRawPartitions, replicationFactor, retentionMs, retentionBytes,
        maxTextBytes, maxSnapshotBytes);
  }

  public TopicSettings withPrefix(String newPrefix) {
    return new TopicSettings(newPrefix, partitions, textRawPartitions, replicationFactor, retentionMs, retentionBytes,
        maxTextBytes, maxSnapshotBytes);
  }
}
