package io.charstream.trainer;

import io.charstream.events.EpochMetrics;
import io.charstream.events.Sequence;
import io.charstream.events.VocabEntry;
import io.charstream.schemas.Topic;
import io.charstream.schemas.TopicCreator;
import io.charstream.schemas.Topics;
import io.charstream.service.TopicReader;
import io.charstream.testing.TestKafka;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Puts a vocabulary and sequences on the topics as ingest and windowing would, and reads what the trainer says. */
final class TrainerFixture {
  private final Topics topics;

  TrainerFixture(Topics topics) {
    this.topics = topics;
    try (var admin = TestKafka.connection().admin("fixture-admin")) {
      TopicCreator.ensure(admin, topics.all(), 10_000);
    }
  }

  void publishVocabulary(Map<String, Integer> ids) {
    try (var producer = producer(topics.vocab)) {
      ids.forEach((character, id) ->
          producer.send(new ProducerRecord<>(topics.vocab.name(), character, new VocabEntry(character, id))));
    }
  }

  void publish(Topic<String, Sequence> topic, List<int[]> windows, long firstPosition) {
    try (var producer = producer(topic)) {
      long position = firstPosition;
      for (int[] window : windows) {
        List<Integer> ids = Arrays.stream(window).boxed().collect(Collectors.toList());
        producer.send(new ProducerRecord<>(topic.name(), "doc", new Sequence("doc", position++, ids)));
      }
    }
  }

  List<EpochMetrics> awaitMetrics(int count, Duration timeout) {
    return read(topics.trainingMetrics, count, timeout).stream().map(ConsumerRecord::value).toList();
  }

  <V> List<ConsumerRecord<String, V>> read(Topic<String, V> topic, int count, Duration timeout) {
    try (TopicReader<String, V> reader = new TopicReader<>(TestKafka.connection(), topic.name(),
        topic.keySerde().deserializer(), topic.valueSerde().deserializer(), true)) {
      return reader.readUntil(records -> records.size() >= count, timeout);
    }
  }

  /** Deletes every record of the topic so far, as retention deletes old segments. */
  void deleteAllRecords(Topic<String, ?> topic) throws Exception {
    try (var admin = TestKafka.connection().admin("fixture-admin")) {
      var partitions = admin.describeTopics(List.of(topic.name())).allTopicNames().get().get(topic.name()).partitions();
      Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
      partitions.forEach(p -> latest.put(new org.apache.kafka.common.TopicPartition(topic.name(), p.partition()),
          org.apache.kafka.clients.admin.OffsetSpec.latest()));
      Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.RecordsToDelete> deletions =
          new java.util.HashMap<>();
      admin.listOffsets(latest).all().get().forEach((partition, end) ->
          deletions.put(partition, org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(end.offset())));
      admin.deleteRecords(deletions).all().get();
    }
  }

  /** Every record committed on the topic so far. */
  <V> List<ConsumerRecord<String, V>> readCommitted(Topic<String, V> topic) {
    List<ConsumerRecord<String, V>> records = new java.util.ArrayList<>();
    try (TopicReader<String, V> reader = TopicReader.fromBeginning(TestKafka.connection(), topic, "fixture")) {
      reader.readToCurrentEnd(records::add);
    }
    return records;
  }

  private <V> KafkaProducer<String, V> producer(Topic<String, V> topic) {
    return new KafkaProducer<>(TestKafka.connection().producerConfig("fixture"), topic.keySerde().serializer(),
        topic.valueSerde().serializer());
  }
}
