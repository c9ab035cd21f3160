package io.charstream.service.answers;

import io.charstream.events.GenerationChunk;
import io.charstream.schemas.Events;
import io.charstream.schemas.Topics;
import io.charstream.service.KafkaConnection;
import io.charstream.service.TopicFollower;
import io.charstream.service.TopicReader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the answers to requests this process sends: the chunks on generations.chunks as they are
 * written and the final answers on generations, each handed to the listener its request was
 * {@linkplain #expect expected} with. Both topics are read from their end as they were when this
 * follower was made, so a request expected and then sent cannot have its answer missed.
 */
public final class AnswerFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AnswerFollower.class);

  private final Topics topics;
  private final Map<String, StreamedAnswer> expected = new ConcurrentHashMap<>();
  private final TopicFollower follower;

  public AnswerFollower(KafkaConnection kafka, Topics topics, String clientId) {
    this.topics = topics;
    this.follower = TopicFollower.start(clientId + "-answers", new TopicReader<>(kafka, clientId,
        List.of(topics.generationChunks.name(), topics.generations.name()), new StringDeserializer(),
        new ByteArrayDeserializer(), false), this::dispatch);
  }

  /** Call before sending the request: its chunks and answer go to the listener, on this follower's thread. */
  public void expect(String requestId, AnswerListener listener) {
    expected.put(requestId, new StreamedAnswer(listener));
  }

  /** Stops telling anyone about this request. */
  public void forget(String requestId) {
    expected.remove(requestId);
  }

  private void dispatch(ConsumerRecord<String, byte[]> record) {
    StreamedAnswer answer = record.key() == null ? null : expected.get(record.key());
    if (answer == null || record.value() == null) {
      return;
    }
    try {
      if (record.topic().equals(topics.generations.name())) {
        answer.answered(Events.GENERATION.decode(record.value()));
        expected.remove(record.key());
      } else {
        GenerationChunk chunk = Events.GENERATION_CHUNK.decode(record.value());
        answer.chunk(chunk);
      }
    } catch (SerializationException e) {
      log.warn("an answer to request {} cannot be read ({}); skipped", record.key(), e.getMessage());
    }
  }

  @Override
  public void close() {
    follower.close();
  }
}
