package io.charstream.generator;

import io.charstream.events.Generation;
import io.charstream.events.Rejection;
import io.charstream.schemas.Events;
import io.charstream.schemas.Topics;
import io.charstream.service.Rejections;
import io.charstream.service.ServiceNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Builds the records the generator writes: continuations, error answers, and rejections of unanswerable records. */
final class Answers {
  private final Topics topics;

  Answers(Topics topics) {
    this.topics = topics;
  }

  Answer text(Generation generation) {
    return new Answer(generationRecord(generation), Answer.Kind.TEXT, generation.getText().length());
  }

  Answer error(String requestId, String reason) {
    Generation generation = Generation.newBuilder().setRequestId(requestId).setError(reason).build();
    return new Answer(generationRecord(generation), Answer.Kind.ERROR, 0);
  }

  /** A record that names no request to answer goes to prompts.rejected with the reason and its bytes. */
  Answer rejection(ConsumerRecord<String, byte[]> record, String reason) {
    Rejection rejection = Rejections.of(record.key(), "unreadable prompt request without a request id: " + reason,
        record.value(), record.topic(), record.partition(), record.offset(), ServiceNames.GENERATOR);
    return new Answer(new ProducerRecord<>(topics.promptsRejected.name(), record.key(),
        Events.REJECTION.encode(rejection)), Answer.Kind.REJECTED, 0);
  }

  private ProducerRecord<String, byte[]> generationRecord(Generation generation) {
    return new ProducerRecord<>(topics.generations.name(), generation.getRequestId(),
        Events.GENERATION.encode(generation));
  }
}
