package io.charstream.windowing;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.events.EncodedText;
import io.charstream.events.Sequence;
import io.charstream.schemas.TopicCreator;
import io.charstream.schemas.Topics;
import io.charstream.service.TopicReader;
import io.charstream.testing.ServiceProcess;
import io.charstream.testing.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Windowing in its own JVM, killed with SIGKILL mid-document and restarted: no window lost or repeated. */
class WindowingKillIT {
  private static final int LENGTH = 20;
  private static final int STRIDE = 3;
  private static final int DOC_LENGTH = 2_000;
  private static final int PIECE = 11;
  private static final List<String> DOCS = List.of("alpha", "beta", "gamma");

  private static int idAt(String doc, long position) {
    return (int) ((position * 7 + doc.length()) % 50) + 1;
  }

  @Test
  void emitsEveryWindowExactlyOnceAcrossAKillAndRestart() throws Exception {
    String prefix = TestKafka.uniquePrefix("windowing-kill");
    Map<String, String> settings = TestKafka.settings(prefix, Map.of(
        "window.length", Integer.toString(LENGTH), "window.stride", Integer.toString(STRIDE),
        "validation.fraction", "0.25", "split.block", "8", "split.gap", "0"));
    WindowingSettings windowing = WindowingSettings.from(io.charstream.service.Config.of(settings));
    Topics topics = windowing.common().topics();
    try (var admin = TestKafka.connection().admin("test-admin")) {
      TopicCreator.ensure(admin, topics.all(), 10_000);
    }
    Path log = Files.createTempFile("windowing-process-", ".log");

    AtomicBoolean producing = new AtomicBoolean(true);
    Thread producer = new Thread(() -> produceSlowly(topics, producing));
    producer.start();

    ServiceProcess first = ServiceProcess.start(WindowingProcess.class, settings, log);
    int seenBeforeKill;
    try (TopicReader<String, Sequence> reader = reader(List.of(topics.sequencesTrain.name()))) {
      seenBeforeKill = reader.readUntil(records -> !records.isEmpty(), Duration.ofSeconds(90)).size();
    }
    boolean stillProducing = producing.get();
    first.kill();
    assertThat(seenBeforeKill).as("windows committed before the kill (log: %s)", log).isPositive();
    assertThat(stillProducing).as("the kill came in the middle of the documents").isTrue();

    try (ServiceProcess second = ServiceProcess.start(WindowingProcess.class, settings, log)) {
      producer.join();
      int expectedPerDoc = (DOC_LENGTH - LENGTH) / STRIDE + 1;
      int expected = expectedPerDoc * DOCS.size();
      List<ConsumerRecord<String, Sequence>> all;
      try (TopicReader<String, Sequence> reader = reader(List.of(topics.sequencesTrain.name(),
          topics.sequencesValidation.name()))) {
        all = reader.readUntil(records -> records.size() >= expected, Duration.ofSeconds(120));
        // A repeated window would arrive after the expected count: keep reading a little longer.
        all.addAll(reader.readUntil(records -> false, Duration.ofSeconds(3)));
      }

      Map<String, Integer> timesSeen = new HashMap<>();
      for (ConsumerRecord<String, Sequence> record : all) {
        Sequence sequence = record.value();
        timesSeen.merge(sequence.getDocId() + "@" + sequence.getStartPosition(), 1, Integer::sum);
        for (int i = 0; i < LENGTH; i++) {
          assertThat(sequence.getIds().get(i)).isEqualTo(idAt(sequence.getDocId(), sequence.getStartPosition() + i));
        }
        long window = sequence.getStartPosition() / STRIDE;
        SplitPolicy.Split expectedSplit = windowing.splitPolicy().assign(window);
        assertThat(record.topic()).isEqualTo(expectedSplit == SplitPolicy.Split.TRAIN
            ? topics.sequencesTrain.name() : topics.sequencesValidation.name());
      }
      assertThat(timesSeen).as("windows (log: %s)", log).hasSize(expected);
      assertThat(timesSeen.values()).as("each window once").containsOnly(1);
    }
  }

  private static TopicReader<String, Sequence> reader(List<String> topics) {
    Topics any = new Topics(io.charstream.schemas.TopicSettings.defaults());
    return new TopicReader<>(TestKafka.connection(), "charstream-reader", topics, any.sequencesTrain.keySerde().deserializer(),
        any.sequencesTrain.valueSerde().deserializer(), true);
  }

  /** The three documents, interleaved, in small pieces, paced over about 20 seconds. */
  private static void produceSlowly(Topics topics, AtomicBoolean producing) {
    try (var producer = new KafkaProducer<>(TestKafka.connection().producerConfig("test-ids-producer"),
        topics.textIds.keySerde().serializer(), topics.textIds.valueSerde().serializer())) {
      for (int position = 0; position < DOC_LENGTH; position += PIECE) {
        for (String doc : DOCS) {
          List<Integer> ids = new ArrayList<>();
          for (int p = position; p < Math.min(DOC_LENGTH, position + PIECE); p++) {
            ids.add(idAt(doc, p));
          }
          producer.send(new ProducerRecord<>(topics.textIds.name(), doc, new EncodedText(doc, (long) position, ids)));
        }
        producer.flush();
        Thread.sleep(110);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      producing.set(false);
    }
  }
}
