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

  public NewTopic newTopic() {
    return new NewTopic(name, Optional.of(partitions), Optional.of(replicationFactor)).configs(configs);
  }

  @Override
  public String toString() {
    return name;
  }
}
