package io.charstream.generator;

import io.charstream.events.ModelSnapshot;
import io.charstream.schemas.Topic;
import io.charstream.service.KafkaConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted models topic on a thread of its own and keeps every snapshot of the
 * served model that is still there, so the generator can switch to a new version between
 * batches without stopping. It hands out snapshots; networks are loaded by the generator thread.
 */
final class ModelWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelWatcher.class);

  private final KafkaConsumer<String, ModelSnapshot> consumer;
  private final String modelName;
  private final Map<Long, ModelSnapshot> snapshots = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  ModelWatcher(KafkaConnection kafka, Topic<String, ModelSnapshot> topic, String modelName) {
    this.modelName = modelName;
    this.consumer = new KafkaConsumer<>(kafka.consumerConfig("generator-models"), topic.keySerde().deserializer(),
        topic.valueSerde().deserializer());
    TopicPartition partition = new TopicPartition(topic.name(), 0);
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
    this.thread = new Thread(this::follow, "charstream-model-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void follow() {
    try {
      while (running) {
        for (ConsumerRecord<String, ModelSnapshot> record : consumer.poll(Duration.ofMillis(200))) {
          apply(record);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("following the models topic failed: {}", e.getMessage(), e);
    } finally {
      consumer.close();
    }
  }

  private void apply(ConsumerRecord<String, ModelSnapshot> record) {
    String prefix = modelName + "@";
    if (!record.key().startsWith(prefix)) {
      return;
    }
    long version = Long.parseLong(record.key().substring(prefix.length()));
    if (record.value() == null) {
      snapshots.remove(version);
    } else {
      snapshots.put(version, record.value());
      log.info("model {} version {} available (epoch {}{})", modelName, version, record.value().getEpoch(),
          record.value().getBest() ? ", best so far" : "");
    }
  }

  Optional<ModelSnapshot> newest() {
    return snapshots.keySet().stream().max(Long::compare).map(snapshots::get);
  }

  Optional<ModelSnapshot> best() {
    return snapshots.values().stream().filter(ModelSnapshot::getBest)
        .max((a, b) -> Long.compare(a.getVersion(), b.getVersion()));
  }

  Optional<ModelSnapshot> version(long version) {
    return Optional.ofNullable(snapshots.get(version));
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
