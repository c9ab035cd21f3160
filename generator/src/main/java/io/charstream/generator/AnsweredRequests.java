package io.charstream.generator;

import io.charstream.schemas.Topics;
import io.charstream.service.KafkaConnection;
import io.charstream.service.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request ids answered within the de-duplication window ({@code generator.dedup.window.ms}):
 * a request whose id was answered within it is never answered again. When this generator is given
 * prompt partitions (at start, or taking over from another instance), it reads the answers of the
 * window from the matching generations partitions; answers it commits are added as it goes, and
 * ids older than the window are forgotten, so memory follows the request rate, not the topic's age.
 */
final class AnsweredRequests {
  private static final Logger log = LoggerFactory.getLogger(AnsweredRequests.class);

  private final KafkaConnection kafka;
  private final Topics topics;
  private final Duration window;
  /** Request id to when it was answered, oldest first (roughly: loads come in partition by partition). */
  private final Map<String, Long> answeredAt = new LinkedHashMap<>();

  AnsweredRequests(KafkaConnection kafka, Topics topics, Duration window) {
    this.kafka = kafka;
    this.topics = topics;
    this.window = window;
  }

  /**
   * Reads the answers of the window on the generations partitions that hold the answers to these
   * prompt partitions (the same numbers, since both topics are keyed by request id; all of them if
   * the two topics have different partition counts).
   */
  void load(Collection<TopicPartition> promptPartitions) {
    if (promptPartitions.isEmpty()) {
      return;
    }
    List<TopicPartition> answerPartitions = answerPartitionsOf(promptPartitions);
    long since = System.currentTimeMillis() - window.toMillis();
    int before = answeredAt.size();
    try (TopicReader<String, byte[]> reader = new TopicReader<>(kafka, "generator-answered", answerPartitions,
        new StringDeserializer(), new ByteArrayDeserializer())) {
      reader.seekToTime(since);
      reader.readToCurrentEnd(record -> answeredAt.put(record.key(), record.timestamp()));
    }
    log.info("{} requests answered in the last {} s on {}", answeredAt.size() - before, window.toSeconds(),
        answerPartitions);
  }

  private List<TopicPartition> answerPartitionsOf(Collection<TopicPartition> promptPartitions) {
    List<TopicPartition> answers = new ArrayList<>();
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(kafka.consumerConfig("generator-meta"),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> prompts = consumer.partitionsFor(topics.prompts.name(), kafka.timeout());
      List<PartitionInfo> generations = consumer.partitionsFor(topics.generations.name(), kafka.timeout());
      if (prompts.size() == generations.size()) {
        promptPartitions.forEach(p -> answers.add(new TopicPartition(topics.generations.name(), p.partition())));
      } else {
        generations.forEach(p -> answers.add(new TopicPartition(topics.generations.name(), p.partition())));
      }
    }
    return answers;
  }

  boolean contains(String requestId) {
    forgetOlderThanWindow();
    return answeredAt.containsKey(requestId);
  }

  void add(String requestId) {
    answeredAt.put(requestId, System.currentTimeMillis());
  }

  private void forgetOlderThanWindow() {
    long oldest = System.currentTimeMillis() - window.toMillis();
    Iterator<Long> times = answeredAt.values().iterator();
    while (times.hasNext() && times.next() < oldest) {
      times.remove();
    }
  }
}
