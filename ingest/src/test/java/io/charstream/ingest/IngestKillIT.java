package io.charstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.events.EncodedText;
import io.charstream.schemas.TopicCreator;
import io.charstream.schemas.Topics;
import io.charstream.service.Config;
import io.charstream.service.TopicReader;
import io.charstream.service.vocab.VocabularyReader;
import io.charstream.service.vocab.VocabularyTable;
import io.charstream.testing.ServiceProcess;
import io.charstream.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Ingest in its own JVM, killed with SIGKILL mid-document and restarted: the ids neither lose nor repeat a piece. */
class IngestKillIT {
  private static final int PIECES = 300;

  private static String piece(int i) {
    return "piece " + i + " of a long document; ";
  }

  @Test
  void encodesEveryPieceExactlyOnceAcrossAKillAndRestart() throws Exception {
    Map<String, String> settings = TestKafka.settings(TestKafka.uniquePrefix("ingest-kill"), Map.of());
    Topics topics = IngestSettings.from(Config.of(settings)).common().topics();
    try (var admin = TestKafka.connection().admin("test-admin")) {
      TopicCreator.ensure(admin, topics.all(), 10_000);
    }
    Path log = Files.createTempFile("ingest-process-", ".log");
    StringBuilder expected = new StringBuilder();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(TestKafka.connection().producerConfig("t"),
        new StringSerializer(), new ByteArraySerializer())) {
      ServiceProcess first = ServiceProcess.start(IngestProcess.class, settings, log);
      for (int i = 0; i < PIECES; i++) {
        expected.append(piece(i));
        producer.send(new ProducerRecord<>(topics.textRaw.name(), "doc", piece(i).getBytes(StandardCharsets.UTF_8)));
        if (i == PIECES / 3) {
          producer.flush();
          awaitSomeIds(topics);
          first.kill();
        }
      }
      producer.flush();
    }
    try (ServiceProcess second = ServiceProcess.start(IngestProcess.class, settings, log)) {
      List<Integer> ids = new ArrayList<>();
      try (TopicReader<String, EncodedText> reader = new TopicReader<>(TestKafka.connection(), topics.textIds.name(),
          topics.textIds.keySerde().deserializer(), topics.textIds.valueSerde().deserializer(), true)) {
        List<ConsumerRecord<String, EncodedText>> records = reader.readUntil(r -> r.size() >= PIECES,
            Duration.ofMinutes(2));
        records.addAll(reader.readUntil(r -> false, Duration.ofSeconds(3)));
        for (ConsumerRecord<String, EncodedText> record : records) {
          assertThat(record.value().getPosition()).as("position (log: %s)", log).isEqualTo(ids.size());
          ids.addAll(record.value().getIds());
        }
        assertThat(records).hasSize(PIECES);
      }
      VocabularyTable vocabulary = new VocabularyTable(256);
      try (VocabularyReader reader = new VocabularyReader(TestKafka.connection(), topics.vocab, vocabulary, "t")) {
        reader.catchUp();
      }
      assertThat(vocabulary.decode(ids)).isEqualTo(expected.toString());
    }
  }

  private static void awaitSomeIds(Topics topics) {
    try (TopicReader<String, EncodedText> reader = new TopicReader<>(TestKafka.connection(), topics.textIds.name(),
        topics.textIds.keySerde().deserializer(), topics.textIds.valueSerde().deserializer(), true)) {
      assertThat(reader.readUntil(r -> !r.isEmpty(), Duration.ofMinutes(2))).isNotEmpty();
    }
  }
}
