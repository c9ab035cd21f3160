package io.charstream.service;

import io.charstream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a topic's committed records without a consumer group: all partitions assigned, so it
 * never joins a group or commits offsets. The one way charstream reads a topic to its current end
 * (the vocabulary, the sequence topics, the models topic, the {@code read} command) or follows it.
 * Not thread-safe, except {@link #wakeup()}.
 */
public final class TopicReader<K, V> implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<K, V> consumer;
  private final List<TopicPartition> partitions;

  public TopicReader(KafkaConnection kafka, String topic, Deserializer<K> keys, Deserializer<V> values,
      boolean fromBeginning) {
    this(kafka, "charstream-reader", List.of(topic), keys, values, fromBeginning);
  }

  /** Reads one topic of the catalogue from its beginning, with the topic's own serdes. */
  public static <K, V> TopicReader<K, V> fromBeginning(KafkaConnection kafka, Topic<K, V> topic, String clientId) {
    return new TopicReader<>(kafka, clientId, List.of(topic.name()), topic.keySerde().deserializer(),
        topic.valueSerde().deserializer(), true);
  }

  /** Reads several topics of one key and value type together. */
  public TopicReader(KafkaConnection kafka, String clientId, List<String> topics, Deserializer<K> keys,
      Deserializer<V> values, boolean fromBeginning) {
    this(new KafkaConsumer<>(kafka.consumerConfig(clientId), keys, values), null, topics, kafka, fromBeginning);
  }

  /** Reads some partitions only, from their beginning. */
  public TopicReader(KafkaConnection kafka, String clientId, Collection<TopicPartition> partitions,
      Deserializer<K> keys, Deserializer<V> values) {
    this(new KafkaConsumer<>(kafka.consumerConfig(clientId), keys, values), partitions, List.of(), kafka, true);
  }

  private TopicReader(KafkaConsumer<K, V> consumer, Collection<TopicPartition> chosen, List<String> topics,
      KafkaConnection kafka, boolean fromBeginning) {
    this.consumer = consumer;
    List<TopicPartition> all = new ArrayList<>();
    if (chosen != null) {
      all.addAll(chosen);
    }
    for (String topic : topics) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, kafka.timeout());
      if (infos == null || infos.isEmpty()) {
        consumer.close();
        throw new IllegalArgumentException("topic " + topic + " does not exist");
      }
      infos.forEach(p -> all.add(new TopicPartition(topic, p.partition())));
    }
    this.partitions = List.copyOf(all);
    consumer.assign(partitions);
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
    }
    partitions.forEach(consumer::position);
  }

  /**
   * Hands each record to the sink, up to the end offsets seen when called (committed records
   * only), or until max records.
   *
   * @return how many records were read
   */
  public long readToCurrentEnd(long max, Consumer<ConsumerRecord<K, V>> sink) {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    long count = 0;
    while (count < max && !reached(end)) {
      for (ConsumerRecord<K, V> record : consumer.poll(POLL)) {
        sink.accept(record);
        if (++count >= max) {
          break;
        }
      }
    }
    return count;
  }

  /**
   * Moves these partitions to these offsets (others stay where they are). An offset the log no
   * longer has, deleted by retention, moves to the log's start (auto.offset.reset=earliest).
   */
  public void seek(Map<TopicPartition, Long> offsets) {
    offsets.forEach((partition, offset) -> {
      if (partitions.contains(partition)) {
        consumer.seek(partition, offset);
      }
    });
  }

  /** Moves every partition to its first record written at or after the time (to its end when there is none). */
  public void seekToTime(long timestampMs) {
    Map<TopicPartition, Long> query = new java.util.HashMap<>();
    partitions.forEach(partition -> query.put(partition, timestampMs));
    consumer.offsetsForTimes(query).forEach((partition, found) -> {
      if (found == null) {
        consumer.seekToEnd(List.of(partition));
      } else {
        consumer.seek(partition, found.offset());
      }
    });
  }

  /** The offset of the next record to read, per partition. */
  public Map<TopicPartition, Long> positions() {
    Map<TopicPartition, Long> positions = new java.util.LinkedHashMap<>();
    partitions.forEach(partition -> positions.put(partition, consumer.position(partition)));
    return positions;
  }

  /** Every record committed up to the end offsets seen when called. */
  public long readToCurrentEnd(Consumer<ConsumerRecord<K, V>> sink) {
    return readToCurrentEnd(Long.MAX_VALUE, sink);
  }

  /**
   * One poll: hands the records it returns to the sink.
   *
   * @throws org.apache.kafka.common.errors.WakeupException when {@link #wakeup()} was called
   */
  public int poll(Consumer<ConsumerRecord<K, V>> sink) {
    int count = 0;
    for (ConsumerRecord<K, V> record : consumer.poll(POLL)) {
      sink.accept(record);
      count++;
    }
    return count;
  }

  /** Makes a {@link #poll} on another thread return at once with a WakeupException. */
  public void wakeup() {
    consumer.wakeup();
  }

  /** Hands each record to the sink until interrupted or max records. */
  public void follow(long max, Consumer<ConsumerRecord<K, V>> sink) {
    long count = 0;
    while (count < max && !Thread.currentThread().isInterrupted()) {
      for (ConsumerRecord<K, V> record : consumer.poll(POLL)) {
        sink.accept(record);
        if (++count >= max) {
          return;
        }
      }
    }
  }

  /** Reads until the records read so far satisfy the condition, or the time is up. */
  public List<ConsumerRecord<K, V>> readUntil(Predicate<List<ConsumerRecord<K, V>>> done, Duration timeout) {
    List<ConsumerRecord<K, V>> records = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(records) && System.nanoTime() < deadline) {
      consumer.poll(POLL).forEach(records::add);
    }
    return records;
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (TopicPartition partition : partitions) {
      if (consumer.position(partition) < end.get(partition)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
