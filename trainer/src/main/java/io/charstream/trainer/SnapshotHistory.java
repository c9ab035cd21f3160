package io.charstream.trainer;

import io.charstream.events.ModelSnapshot;
import io.charstream.schemas.ModelKey;
import io.charstream.schemas.Topic;
import io.charstream.service.KafkaConnection;
import io.charstream.service.TopicReader;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the models topic holds of one model: its versions (for pruning), its best validation loss
 * and its newest snapshot (to resume from). Read once at start; records of other models, and
 * their tombstones, are not its business.
 */
final class SnapshotHistory {
  /** Validation loss of each version still on the topic (NaN when it had no validation data). */
  final TreeMap<Long, Double> versions = new TreeMap<>();
  private final String modelName;
  private ModelSnapshot newest;

  SnapshotHistory(String modelName) {
    this.modelName = modelName;
  }

  /** Snapshots larger than a fetch's size limit still arrive: Kafka returns at least one batch. */
  static SnapshotHistory read(KafkaConnection kafka, Topic<String, ModelSnapshot> topic, String modelName) {
    SnapshotHistory history = new SnapshotHistory(modelName);
    try (TopicReader<String, ModelSnapshot> reader = TopicReader.fromBeginning(kafka, topic, "trainer-models")) {
      reader.readToCurrentEnd(record -> history.apply(record.key(), record.value()));
    }
    return history;
  }

  /** One record of the models topic, in log order: a snapshot, or a tombstone (null) that deletes one. */
  void apply(String key, ModelSnapshot snapshot) {
    ModelKey.parse(key).filter(k -> k.modelName().equals(modelName)).ifPresent(k -> {
      if (snapshot == null) {
        versions.remove(k.version()); // pruning never deletes the newest version
      } else {
        add(snapshot);
      }
    });
  }

  private void add(ModelSnapshot snapshot) {
    Double validation = snapshot.getMetrics().getValidationLoss();
    versions.put(snapshot.getVersion(), validation == null ? Double.NaN : validation);
    if (newest == null || snapshot.getVersion() > newest.getVersion()) {
      newest = snapshot;
    }
  }

  Optional<ModelSnapshot> newest() {
    return Optional.ofNullable(newest);
  }

  double bestValidationLoss() {
    return versions.values().stream().filter(v -> !v.isNaN()).min(Double::compare).orElse(Double.POSITIVE_INFINITY);
  }

}
