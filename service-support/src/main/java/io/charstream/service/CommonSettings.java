package io.charstream.service;

import io.charstream.schemas.TopicSettings;
import io.charstream.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The settings every service and command shares: where Kafka is and how topics are made. */
public record CommonSettings(KafkaConnection kafka, Topics topics, int vocabCapacity, Path stateDir) {

  public static final Setting BOOTSTRAP_SERVERS = Setting.of("bootstrap.servers", "HOST:PORT", "localhost:9092",
      "Kafka bootstrap servers.");
  public static final Setting CONNECT_TIMEOUT = Setting.of("connect.timeout.seconds", "S", "10",
      "How long to wait for the broker to answer before reporting it unreachable.");
  public static final Setting TOPIC_PREFIX = Setting.of("topic.prefix", "PREFIX", "",
      "Prefix of every topic name, so that several pipelines can share a cluster.");
  public static final Setting TOPIC_PARTITIONS = Setting.of("topic.partitions", "N",
      Integer.toString(TopicSettings.DEFAULT_PARTITIONS),
      "Partitions of the keyed topics the services create, so that instances of a service share the work "
          + "(vocab, models and the training events always have 1; text.raw has its own setting).");
  public static final Setting TEXT_RAW_PARTITIONS = Setting.of("topic.text.raw.partitions", "N", "1",
      "Partitions of text.raw when the services create it. Lines without a key (kafka-console-producer) form one "
          + "document in the order sent only within one partition: raise it only if every producer keys its records.");
  public static final Setting TOPIC_REPLICATION_FACTOR = Setting.of("topic.replication.factor", "N|auto", "auto",
      "Replication factor of the topics the services create and of Kafka Streams' internal topics; auto follows "
          + "the cluster: min(3, brokers), with min.insync.replicas 2 at 3 replicas.");
  public static final Setting TOPIC_RETENTION_MS = Setting.of("topic.retention.ms", "MS",
      Long.toString(TopicSettings.DEFAULT_RETENTION_MS),
      "How long the non-compacted topics keep a record (default 7 days; -1 for ever). The trainer never needs old "
          + "records: its snapshots carry its memory and the offsets it goes on from.");
  public static final Setting TOPIC_RETENTION_BYTES = Setting.of("topic.retention.bytes", "BYTES",
      Long.toString(TopicSettings.DEFAULT_RETENTION_BYTES),
      "Bytes each partition of a non-compacted topic keeps (default 1 GiB; -1 for no limit).");
  public static final Setting MAX_TEXT_BYTES = Setting.of("max.text.bytes", "BYTES",
      Integer.toString(TopicSettings.DEFAULT_MAX_TEXT_BYTES), "Largest text event ingest accepts; larger ones are rejected.");
  public static final Setting MAX_SNAPSHOT_BYTES = Setting.of("max.snapshot.bytes", "BYTES",
      Integer.toString(TopicSettings.DEFAULT_MAX_SNAPSHOT_BYTES), "Largest model snapshot the models topic accepts.");
  public static final Setting STATE_DIR = Setting.of("state.dir", "DIR",
      Path.of(System.getProperty("java.io.tmpdir"), "charstream-state").toString(),
      "Where Kafka Streams keeps local state (rebuilt from changelog topics when lost).");

  public static final Setting VOCAB_CAPACITY = Setting.of("vocab.capacity", "N", "256",
      "Ids in the shared vocabulary, the unknown-character id 0 included; characters past it map to 0. "
          + "Every service must use the same value.");

  /** Which model the trainer trains and the generator serves. */
  public static final Setting MODEL_NAME = Setting.of("model.name", "NAME", "charstream",
      "Name of the model; its epochs, versions and snapshots are kept under it.");

  public static final List<Setting> SETTINGS = List.of(BOOTSTRAP_SERVERS, CONNECT_TIMEOUT, TOPIC_PREFIX,
      TOPIC_PARTITIONS, TEXT_RAW_PARTITIONS, TOPIC_REPLICATION_FACTOR, TOPIC_RETENTION_MS, TOPIC_RETENTION_BYTES, MAX_TEXT_BYTES, MAX_SNAPSHOT_BYTES,
      VOCAB_CAPACITY, STATE_DIR, PropertiesFiles.CONFIG_FILE);

  private static short replicationFactor(Config config) {
    return config.require(TOPIC_REPLICATION_FACTOR).equals("auto") ? TopicSettings.AUTO_REPLICATION
        : (short) config.getInt(TOPIC_REPLICATION_FACTOR, 1, Short.MAX_VALUE);
  }

  public static CommonSettings from(Config config) {
    KafkaConnection kafka = new KafkaConnection(config.require(BOOTSTRAP_SERVERS), config.kafkaClientOverrides(),
        Duration.ofSeconds(config.getInt(CONNECT_TIMEOUT, 1, 3600)));
    TopicSettings topicSettings = new TopicSettings(
        config.get(TOPIC_PREFIX),
        config.getInt(TOPIC_PARTITIONS, 1, 10_000),
        config.getInt(TEXT_RAW_PARTITIONS, 1, 10_000),
        replicationFactor(config),
        config.getLong(TOPIC_RETENTION_MS),
        config.getLong(TOPIC_RETENTION_BYTES),
        config.getInt(MAX_TEXT_BYTES, 1, 512 << 20),
        config.getInt(MAX_SNAPSHOT_BYTES, 1, 1 << 30));
    return new CommonSettings(kafka, new Topics(topicSettings), config.getInt(VOCAB_CAPACITY, 2, 1 << 20),
        Path.of(config.require(STATE_DIR)));
  }
}
