package io.charstream.bench;

import io.charstream.events.ModelSnapshot;
import io.charstream.schemas.Events;
import io.charstream.schemas.ModelKey;
import io.charstream.schemas.Topics;
import io.charstream.service.KafkaConnection;
import io.charstream.service.TopicReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What the streaming benchmarks (soak, drift) share: texts as paragraphs, and the newest snapshot on the models topic. */
final class StreamText {
  private StreamText() {}

  /** The blank-line separated paragraphs of a text, each ending with one blank line. */
  static List<String> paragraphs(String text) {
    List<String> paragraphs = new ArrayList<>();
    for (String paragraph : text.split("\n\\s*\n")) {
      if (!paragraph.isBlank()) {
        paragraphs.add(paragraph.strip() + "\n\n");
      }
    }
    return paragraphs;
  }

  /** The highest version of any model on the models topic, if there is one. */
  static Optional<ModelSnapshot> newestSnapshot(KafkaConnection kafka, Topics topics, String clientId) {
    ModelSnapshot[] newest = {null};
    try (TopicReader<String, byte[]> reader = new TopicReader<>(kafka, clientId, List.of(topics.models.name()),
        new StringDeserializer(), new ByteArrayDeserializer(), true)) {
      reader.readToCurrentEnd(record -> {
        if (record.value() != null && ModelKey.parse(record.key()).isPresent()) {
          ModelSnapshot snapshot = Events.MODEL_SNAPSHOT.decode(record.value());
          if (newest[0] == null || snapshot.getVersion() > newest[0].getVersion()) {
            newest[0] = snapshot;
          }
        }
      });
    }
    return Optional.ofNullable(newest[0]);
  }
}
