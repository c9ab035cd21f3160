package io.charstream.service.vocab;

import io.charstream.events.VocabEntry;
import io.charstream.schemas.Topic;
import io.charstream.service.KafkaConnection;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted, single-partition vocabulary topic into a {@link VocabularyTable}, from the
 * beginning and then incrementally: each {@link #catchUp()} reads every committed entry up to the
 * end offset it sees. Not thread-safe: one owner calls it.
 */
public final class VocabularyReader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VocabularyReader.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaConsumer<String, VocabEntry> consumer;
  private final TopicPartition partition;
  private final VocabularyTable table;

  public VocabularyReader(KafkaConnection kafka, Topic<String, VocabEntry> topic, VocabularyTable table,
      String clientId) {
    this.consumer = new KafkaConsumer<>(kafka.consumerConfig(clientId), topic.keySerde().deserializer(),
        topic.valueSerde().deserializer());
    this.partition = new TopicPartition(topic.name(), 0);
    this.table = table;
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
  }

  public VocabularyTable table() {
    return table;
  }

  /** Reads every entry committed up to now. */
  public void catchUp() {
    long end = consumer.endOffsets(List.of(partition)).get(partition);
    while (consumer.position(partition) < end) {
      for (ConsumerRecord<String, VocabEntry> record : consumer.poll(POLL)) {
        VocabEntry entry = record.value();
        if (entry != null && !table.record(entry.getChar$(), entry.getId())) {
          log.error("vocabulary conflict at offset {}: '{}' already has id {}, the log says {}; keeping the first",
              record.offset(), entry.getChar$(), table.idOf(entry.getChar$()).orElse(-1), entry.getId());
        }
      }
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
