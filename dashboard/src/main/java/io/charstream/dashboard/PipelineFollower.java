package io.charstream.dashboard;

import io.charstream.schemas.Events;
import io.charstream.schemas.ModelKey;
import io.charstream.schemas.Topics;
import io.charstream.service.KafkaConnection;
import io.charstream.service.TopicFollower;
import io.charstream.service.TopicReader;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the page shows from the beginning of its topics and then follows them: epochs from
 * training.metrics, progress from training.progress, versions from models, characters from vocab.
 */
final class PipelineFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PipelineFollower.class);

  private final Topics topics;
  private final PipelineView view;
  private final TopicFollower follower;

  PipelineFollower(KafkaConnection kafka, Topics topics, PipelineView view, String clientId) {
    this.topics = topics;
    this.view = view;
    this.follower = TopicFollower.start(clientId + "-follower", new TopicReader<>(kafka, clientId,
        List.of(topics.trainingMetrics.name(), topics.trainingProgress.name(), topics.models.name(),
            topics.vocab.name()), new StringDeserializer(), new ByteArrayDeserializer(), true), this::show);
  }

  boolean running() {
    return follower.running();
  }

  private void show(ConsumerRecord<String, byte[]> record) {
    String topic = record.topic();
    try {
      if (topic.equals(topics.models.name())) {
        if (record.value() == null) {
          ModelKey.parse(record.key()).filter(key -> key.modelName().equals(view.modelName()))
              .ifPresent(key -> view.versionRemoved(key.version()));
        } else {
          view.version(Events.MODEL_SNAPSHOT.decode(record.value()));
        }
      } else if (record.value() == null) {
        return;
      } else if (topic.equals(topics.trainingMetrics.name())) {
        view.epoch(Events.EPOCH_METRICS.decode(record.value()), record.timestamp());
      } else if (topic.equals(topics.trainingProgress.name())) {
        view.progress(Events.TRAINING_PROGRESS.decode(record.value()));
      } else if (topic.equals(topics.vocab.name())) {
        view.vocabulary(Events.VOCAB_ENTRY.decode(record.value()));
      }
    } catch (SerializationException e) {
      log.warn("a record on {} at offset {} cannot be read ({}); not shown", topic, record.offset(), e.getMessage());
    }
  }

  @Override
  public void close() {
    follower.close();
  }
}
