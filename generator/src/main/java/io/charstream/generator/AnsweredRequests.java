package io.charstream.generator;

import io.charstream.schemas.Topics;
import io.charstream.service.KafkaConnection;
import io.charstream.service.TopicReader;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The request ids already answered: read from the generations topic at start, then added as answers commit. */
final class AnsweredRequests {
  private static final Logger log = LoggerFactory.getLogger(AnsweredRequests.class);

  private final Set<String> ids = new HashSet<>();

  static AnsweredRequests read(KafkaConnection kafka, Topics topics) {
    AnsweredRequests answered = new AnsweredRequests();
    try (TopicReader<String, byte[]> reader = new TopicReader<>(kafka, "generator-answered",
        java.util.List.of(topics.generations.name()), new StringDeserializer(), new ByteArrayDeserializer(), true)) {
      reader.readToCurrentEnd(record -> answered.ids.add(record.key()));
    }
    log.info("{} requests answered before this start", answered.ids.size());
    return answered;
  }

  boolean contains(String requestId) {
    return ids.contains(requestId);
  }

  void add(String requestId) {
    ids.add(requestId);
  }
}
