package io.charstream.cli.kafka;

import io.charstream.schemas.Topic;
import io.charstream.service.CommonSettings;
import io.charstream.service.ServiceStartup;
import java.util.List;
import java.util.Map;
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
    ServiceStartup.checkBrokerAndCreateTopics(common.kafka(), List.of(topic), "charstream-publish");
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
