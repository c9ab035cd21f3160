package io.charstream.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("own-broker") // starts brokers of its own: runs once, not again on a Kafka container
class EmbeddedKafkaBrokerIT {

  @Test
  void keepsTopicsAndRecordsInItsDataDirectoryAcrossRestarts(@TempDir Path dataDir) throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dataDir)) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
      }
      try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()),
          new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>("kept", "k", "survives a restart")).get();
      }
    }

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dataDir)) {
      try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers(),
          "group.id", "reader", "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
        consumer.subscribe(List.of("kept"));
        String value = null;
        long deadline = System.currentTimeMillis() + 30_000;
        while (value == null && System.currentTimeMillis() < deadline) {
          for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
            value = record.value();
          }
        }
        assertThat(value).isEqualTo("survives a restart");
      }
    }
    assertThat(Files.exists(dataDir.resolve("meta.properties"))).isTrue();
  }

  @Test
  void createsNoTopicAutomaticallyAndDeletesItsTemporaryData() throws Exception {
    Path dir;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      dir = broker.dataDir();
      try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers(),
          "group.id", "g", "allow.auto.create.topics", "true"), new StringDeserializer(), new StringDeserializer());
          Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        // A metadata request for the topic, which would create it if automatic creation were on:
        // it returns once the broker has answered, so the topic would exist by then.
        assertThat(consumer.partitionsFor("never.created", Duration.ofSeconds(30))).isNullOrEmpty();
        Set<String> names = admin.listTopics().names().get();
        assertThat(names).doesNotContain("never.created");
      }
    }
    assertThat(Files.exists(dir)).isFalse();
  }

  @Test
  void aThreeNodeClusterReplicatesAndKeepsServingWithANodeDown() throws Exception {
    try (EmbeddedKafkaBroker cluster = EmbeddedKafkaBroker.start(3, 0, null);
        Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
      assertThat(admin.describeCluster().nodes().get()).hasSize(3);
      admin.createTopics(List.of(new NewTopic("replicated", 3, (short) 3)
          .configs(Map.of("min.insync.replicas", "2")))).all().get();
      var partitions = admin.describeTopics(List.of("replicated")).allTopicNames().get().get("replicated").partitions();
      assertThat(partitions).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
      // Replicas are made after the topic is: until every one is in sync, a node stopped may hold the
      // only copy of a partition the others do not host yet.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!admin.describeTopics(List.of("replicated")).allTopicNames().get().get("replicated").partitions()
          .stream().allMatch(p -> p.isr().size() == 3)) {
        assertThat(System.nanoTime()).as("every replica in sync within 60 s").isLessThan(deadline);
        Thread.sleep(100);
      }

      cluster.stopNode(1);
      try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
          cluster.address(2) + "," + cluster.address(3), "acks", "all"), new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < 30; i++) {
          producer.send(new ProducerRecord<>("replicated", "k" + i, "with node 1 down")).get();
        }
      }
      cluster.startNode(1);
      try (Admin again = Admin.create(Map.of("bootstrap.servers", cluster.address(1)))) {
        assertThat(again.describeCluster().nodes().get()).as("node 1 back in the cluster").hasSize(3);
      }
    }
  }
}
