package io.charstream.trainer;

import io.charstream.events.EpochMetrics;
import io.charstream.events.ModelSnapshot;
import io.charstream.events.TrainingProgress;
import io.charstream.schemas.ModelKey;
import io.charstream.schemas.Topics;
import io.charstream.service.KafkaConnection;
import io.charstream.service.ServiceMetrics;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes what the trainer tells the world. An epoch's metrics, its snapshot and the tombstones of
 * pruned versions go in one transaction, so after a crash the newest snapshot and the last
 * metric event always agree. Progress events are fire-and-forget.
 */
final class EpochPublisher implements AutoCloseable {
  private final Topics topics;
  private final KafkaProducer<String, byte[]> transactional;
  private final KafkaProducer<String, byte[]> progress;
  private final ServiceMetrics figures;

  EpochPublisher(KafkaConnection kafka, Topics topics, String modelName, ServiceMetrics figures) {
    this.topics = topics;
    this.figures = figures;
    Map<String, Object> config = kafka.producerConfig("trainer-" + modelName);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topics.settings().prefix() + "charstream-trainer-" + modelName);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, topics.settings().maxSnapshotBytes() + (1 << 20));
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(64L << 20, 2L * topics.settings().maxSnapshotBytes()));
    this.transactional = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    // Fences a previous incarnation of this trainer and aborts whatever it left open.
    transactional.initTransactions();
    Map<String, Object> progressConfig = kafka.producerConfig("trainer-progress-" + modelName);
    progressConfig.put(ProducerConfig.LINGER_MS_CONFIG, 50);
    this.progress = new KafkaProducer<>(progressConfig, new StringSerializer(), new ByteArraySerializer());
  }

  void publishEpoch(EpochMetrics metrics, ModelSnapshot snapshot, Collection<Long> prunedVersions) {
    String modelName = metrics.getModelName();
    transactional.beginTransaction();
    try {
      transactional.send(new ProducerRecord<>(topics.trainingMetrics.name(), modelName,
          topics.trainingMetrics.valueSerde().serializer().serialize(null, metrics)));
      transactional.send(new ProducerRecord<>(topics.models.name(), ModelKey.of(modelName, snapshot.getVersion()),
          topics.models.valueSerde().serializer().serialize(null, snapshot)));
      for (long version : prunedVersions) {
        transactional.send(new ProducerRecord<>(topics.models.name(), ModelKey.of(modelName, version), null));
      }
      transactional.commitTransaction();
    } catch (RuntimeException e) {
      transactional.abortTransaction();
      throw e;
    }
    figures.increment("epochs_total", 1);
    figures.increment("sequences_trained_total", metrics.getSequencesSeen());
    figures.set("model_version", snapshot.getVersion());
    figures.set("train_loss", metrics.getTrainLoss());
    figures.set("training_characters_per_second", metrics.getCharactersPerSecond());
    if (metrics.getValidationLoss() != null) {
      figures.set("validation_loss", metrics.getValidationLoss());
    }
  }

  void publishProgress(TrainingProgress event) {
    progress.send(new ProducerRecord<>(topics.trainingProgress.name(), event.getModelName(),
        topics.trainingProgress.valueSerde().serializer().serialize(null, event)));
  }

  @Override
  public void close() {
    progress.close();
    transactional.close();
  }
}
