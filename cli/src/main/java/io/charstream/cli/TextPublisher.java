package io.charstream.cli;

import io.charstream.schemas.Topic;
import io.charstream.schemas.TopicCreator;
import io.charstream.service.CommonSettings;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes a document to text.raw as keyed plain-text pieces, byte-exact, creating the topic if needed. */
public final class TextPublisher {
  private TextPublisher() {}

  /** @return how many records were sent */
  public static int publish(CommonSettings common, String docId, byte[] text, int pieceBytes) {
    List<byte[]> pieces = TextPieces.split(text, pieceBytes);
    Topic<String, byte[]> topic = common.topics().textRaw;
    try (Admin admin = common.kafka().admin("charstream-publish")) {
      common.kafka().checkReachable(admin);
      TopicCreator.ensure(admin, List.of(topic), common.kafka().timeout().toMillis());
    }
    Map<String, Object> config = common.kafka().producerConfig("charstream-publish");
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, common.topics().settings().maxTextBytes() + (1 << 20));
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, topic.keySerde().serializer(),
        topic.valueSerde().serializer())) {
      for (byte[] piece : pieces) {
        producer.send(new ProducerRecord<>(topic.name(), docId, piece));
      }
      producer.flush();
    }
    return pieces.size();
  }
}
