package io.charstream.generator;

import io.charstream.events.ModelSnapshot;
import io.charstream.schemas.ModelKey;
import io.charstream.schemas.Topic;
import io.charstream.service.KafkaConnection;
import io.charstream.service.TopicReader;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted models topic on a thread of its own and keeps every snapshot still there,
 * of every model, so the generator can answer a request for any model and switch to a new version
 * between batches without stopping. It hands out snapshots; networks are loaded by the generator
 * thread.
 */
final class ModelWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelWatcher.class);

  private final TopicReader<String, ModelSnapshot> reader;
  private final Map<String, NavigableMap<Long, ModelSnapshot>> models = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  ModelWatcher(KafkaConnection kafka, Topic<String, ModelSnapshot> topic) {
    this.reader = TopicReader.fromBeginning(kafka, topic, "generator-models");
    this.thread = new Thread(this::follow, "charstream-model-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void follow() {
    try {
      while (running) {
        reader.poll(this::apply);
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("following the models topic failed: {}", e.getMessage(), e);
    } finally {
      reader.close();
    }
  }

  private void apply(ConsumerRecord<String, ModelSnapshot> record) {
    Optional<ModelKey> key = ModelKey.parse(record.key());
    if (key.isEmpty()) {
      log.warn("ignoring a record on the models topic whose key '{}' is not name@version (offset {})", record.key(),
          record.offset());
      return;
    }
    String name = key.get().modelName();
    NavigableMap<Long, ModelSnapshot> versions = models.computeIfAbsent(name, n -> new ConcurrentSkipListMap<>());
    if (record.value() == null) {
      versions.remove(key.get().version());
    } else {
      versions.put(key.get().version(), record.value());
      log.info("model {} version {} available (epoch {}{})", name, key.get().version(), record.value().getEpoch(),
          record.value().getBest() ? ", best so far" : "");
    }
  }

  Optional<ModelSnapshot> newest(String model) {
    return Optional.ofNullable(versions(model).lastEntry()).map(Map.Entry::getValue);
  }

  Optional<ModelSnapshot> best(String model) {
    return versions(model).descendingMap().values().stream().filter(ModelSnapshot::getBest).findFirst();
  }

  Optional<ModelSnapshot> version(String model, long version) {
    return Optional.ofNullable(versions(model).get(version));
  }

  /** The models that have at least one version, for messages. */
  List<String> names() {
    return models.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).sorted().toList();
  }

  private NavigableMap<Long, ModelSnapshot> versions(String model) {
    return models.getOrDefault(model, new ConcurrentSkipListMap<>());
  }

  @Override
  public void close() {
    running = false;
    reader.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
