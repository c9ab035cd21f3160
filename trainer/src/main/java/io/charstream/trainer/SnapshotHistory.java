package io.charstream.trainer;

import io.charstream.events.ModelSnapshot;
import io.charstream.schemas.Topic;
import io.charstream.service.KafkaConnection;
import io.charstream.service.TopicReader;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the models topic holds of one model: its versions (for pruning), its best validation loss
 * and its newest snapshot (to resume from). Read once at start.
 */
final class SnapshotHistory {
  /** Validation loss of each version still on the topic (NaN when it had no validation data). */
  final TreeMap<Long, Double> versions = new TreeMap<>();
  private ModelSnapshot newest;

  /** Snapshots larger than a fetch's size limit still arrive: Kafka returns at least one batch. */
  static SnapshotHistory read(KafkaConnection kafka, Topic<String, ModelSnapshot> topic, String modelName) {
    SnapshotHistory history = new SnapshotHistory();
    try (TopicReader<String, ModelSnapshot> reader = new TopicReader<>(kafka, topic.name(),
        topic.keySerde().deserializer(), topic.valueSerde().deserializer(), true)) {
      reader.readToCurrentEnd(Long.MAX_VALUE, record -> {
        if (record.value() == null) {
          history.forget(record.key());
        } else if (record.value().getModelName().equals(modelName)) {
          history.add(record.value());
        }
      });
    }
    return history;
  }

  private void add(ModelSnapshot snapshot) {
    Double validation = snapshot.getMetrics().getValidationLoss();
    versions.put(snapshot.getVersion(), validation == null ? Double.NaN : validation);
    if (newest == null || snapshot.getVersion() > newest.getVersion()) {
      newest = snapshot;
    }
  }

  private void forget(String key) {
    int at = key.lastIndexOf('@');
    if (at > 0) {
      versions.remove(Long.parseLong(key.substring(at + 1)));
    }
  }

  Optional<ModelSnapshot> newest() {
    return Optional.ofNullable(newest);
  }

  double bestValidationLoss() {
    return versions.values().stream().filter(v -> !v.isNaN()).min(Double::compare).orElse(Double.POSITIVE_INFINITY);
  }

}
