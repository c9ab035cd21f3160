package io.charstream.cli.kafka;

import io.charstream.events.Generation;
import io.charstream.events.PromptRequest;
import io.charstream.schemas.Topics;
import io.charstream.service.CommonSettings;
import io.charstream.service.ServiceStartup;
import io.charstream.service.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Sends one prompt request and waits for its answer on generations. */
public final class PromptClient {
  private PromptClient() {}

  /** @return the answer, or empty when none came within the wait */
  public static Optional<Generation> ask(CommonSettings common, PromptRequest request, Duration wait) {
    Topics topics = common.topics();
    ServiceStartup.checkBrokerAndCreateTopics(common.kafka(), List.of(topics.prompts, topics.generations),
        "charstream-prompt");
    String requestId = request.getRequestId();
    // Positioned at the end before the request is sent, so the answer cannot be missed.
    try (TopicReader<String, Generation> answers = new TopicReader<>(common.kafka(), topics.generations.name(),
        topics.generations.keySerde().deserializer(), topics.generations.valueSerde().deserializer(), false);
        KafkaProducer<String, PromptRequest> producer = new KafkaProducer<>(
            common.kafka().producerConfig("charstream-prompt"), topics.prompts.keySerde().serializer(),
            topics.prompts.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topics.prompts.name(), requestId, request));
      producer.flush();
      List<ConsumerRecord<String, Generation>> seen = answers.readUntil(
          records -> records.stream().anyMatch(r -> requestId.equals(r.key())), wait);
      return seen.stream().filter(r -> requestId.equals(r.key())).map(ConsumerRecord::value).findFirst();
    }
  }
}
