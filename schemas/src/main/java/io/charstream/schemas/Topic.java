package io.charstream.schemas;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the catalogue: its full name (prefix included), its key and value serdes, and
 * how it is created. Immutable; built once by {@link Topics} from {@link TopicSettings}.
 */
public record Topic<K, V>(
    String name,
    Serde<K> keySerde,
    Serde<V> valueSerde,
    int partitions,
    short replicationFactor,
    Map<String, String> configs) {

  public Topic {
    configs = Map.copyOf(configs);
  }

  /** Replication factor {@link TopicSettings#AUTO_REPLICATION}: decided by the cluster's size at creation. */
  public boolean replicationFollowsCluster() {
    return replicationFactor == TopicSettings.AUTO_REPLICATION;
  }

  /**
   * The topic to create on a cluster of {@code brokers} brokers: a replication factor that follows
   * the cluster is min(3, brokers), and with 3 replicas or more {@code min.insync.replicas} is 2
   * (unless the catalogue says otherwise), so that an acknowledged record survives a broker.
   */
  public NewTopic newTopic(int brokers) {
    short replicas = replicationFollowsCluster() ? (short) Math.max(1, Math.min(3, brokers)) : replicationFactor;
    Map<String, String> withIsr = new java.util.HashMap<>(configs);
    if (replicas >= 3) {
      withIsr.putIfAbsent(org.apache.kafka.common.config.TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
    }
    return new NewTopic(name, Optional.of(partitions), Optional.of(replicas)).configs(withIsr);
  }

  @Override
  public String toString() {
    return name;
  }
}
