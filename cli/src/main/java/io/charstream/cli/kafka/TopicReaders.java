package io.charstream.cli.kafka;

import io.charstream.cli.UserError;
import io.charstream.schemas.Topic;
import io.charstream.service.CommonSettings;
import io.charstream.service.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Deserializer;

/** Opens a topic for the reading commands, with a clear error when the broker or the topic is missing. */
public final class TopicReaders {
  private TopicReaders() {}

  /** Decoded with the catalogue's serdes. */
  public static <K, V> TopicReader<K, V> open(CommonSettings common, Topic<K, V> topic, boolean fromBeginning) {
    return open(common, topic, topic.keySerde().deserializer(), topic.valueSerde().deserializer(), fromBeginning);
  }

  public static <K, V> TopicReader<K, V> open(CommonSettings common, Topic<?, ?> topic, Deserializer<K> keys,
      Deserializer<V> values, boolean fromBeginning) {
    try (Admin admin = common.kafka().admin("charstream-reader")) {
      common.kafka().checkReachable(admin);
    }
    try {
      return new TopicReader<>(common.kafka(), topic.name(), keys, values, fromBeginning);
    } catch (IllegalArgumentException e) {
      throw new UserError("topic " + topic.name() + " does not exist yet: start the services (./charstream up) "
          + "or publish some text first");
    }
  }
}
