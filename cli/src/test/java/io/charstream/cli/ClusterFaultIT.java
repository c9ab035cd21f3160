package io.charstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.broker.EmbeddedKafkaBroker;
import io.charstream.cli.kafka.PipelineDrain;
import io.charstream.events.Generation;
import io.charstream.events.PromptRequest;
import io.charstream.events.Sequence;
import io.charstream.ingest.IngestService;
import io.charstream.ingest.IngestSettings;
import io.charstream.schemas.Events;
import io.charstream.schemas.Topic;
import io.charstream.schemas.Topics;
import io.charstream.service.CommonSettings;
import io.charstream.service.Config;
import io.charstream.service.GroupLag;
import io.charstream.service.KafkaConnection;
import io.charstream.service.ServiceNames;
import io.charstream.service.TopicReader;
import io.charstream.service.vocab.VocabularyReader;
import io.charstream.service.vocab.VocabularyTable;
import io.charstream.testing.Eventually;
import io.charstream.testing.OpenTransactions;
import io.charstream.testing.SeedText;
import io.charstream.testing.ServiceProcess;
import io.charstream.trainer.TrainerService;
import io.charstream.trainer.TrainerSettings;
import io.charstream.windowing.WindowingService;
import io.charstream.windowing.WindowingSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three brokers, two instances of ingest, windowing and the generator, and faults mid-stream: one
 * instance of each SIGKILLed and a broker stopped while 300 kB stream in, then one of two
 * generators SIGKILLed during a burst of prompts. Nothing is lost and nothing is repeated.
 */
@Tag("own-broker") // a cluster of its own: runs once, not again on a Kafka container
class ClusterFaultIT {
  private static final int DOCUMENTS = 6;
  private static final int PIECE = 2_000;
  private static final int PROMPTS = 150;

  /** Six documents of about 50 kB: the seed text's sentences, numbered so no two windows are alike. */
  private static Map<String, String> documents() {
    Map<String, String> documents = new TreeMap<>();
    String[] sentences = SeedText.TEXT.split("(?<=\\.) ");
    for (int d = 0; d < DOCUMENTS; d++) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; text.length() < 50_000; i++) {
        text.append(i).append(' ').append(sentences[(i * 7 + d) % sentences.length]).append(i % 9 == 0 ? "\n" : " ");
      }
      documents.put("doc-" + d, text.toString());
    }
    return documents;
  }

  private static Map<String, String> settings(EmbeddedKafkaBroker cluster, String prefix) {
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", cluster.bootstrapServers());
    settings.put("topic.prefix", prefix);
    settings.put("topic.text.raw.partitions", "3");
    settings.put("window.length", "40");
    settings.put("state.dir", io.charstream.testing.TestKafka.tempDir("cluster-state-").toString());
    return settings;
  }

  @Test
  void instancesAndABrokerDieMidStreamAndTheSequencesEqualACleanRunsAndEveryPromptIsAnsweredOnce()
      throws Exception {
    Map<String, String> documents = documents();
    try (EmbeddedKafkaBroker cluster = EmbeddedKafkaBroker.start(3, 0, null)) {
      Map<String, List<String>> clean = cleanRun(cluster, documents);

      Map<String, String> settings = settings(cluster, "faults.");
      CommonSettings common = CommonSettings.from(Config.of(settings));
      Topics topics = common.topics();
      Path logs = Files.createTempDirectory("cluster-fault-");
      List<ServiceProcess> processes = new ArrayList<>();
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(common.kafka().producerConfig("fault-text"),
          new StringSerializer(), new ByteArraySerializer())) {
        Map<String, ServiceProcess> instances = new HashMap<>();
        for (String service : List.of("ingest", "windowing")) {
          for (String instance : List.of("a", "b")) {
            ServiceProcess process = ServiceProcess.start("io.charstream.cli.Charstream",
                List.of("run", service, "--instance-id", service + "-" + instance), settings,
                logs.resolve(service + "-" + instance + ".log"), null);
            instances.put(service + "-" + instance, process);
            processes.add(process);
          }
        }
        List<ProducerRecord<String, byte[]>> pieces = pieces(topics, documents);
        int stoppedNode = 0;
        for (int i = 0; i < pieces.size(); i++) {
          producer.send(pieces.get(i)).get();
          if (i == pieces.size() / 3) {
            awaitWork(common, topics);
            instances.get("ingest-a").kill();
            instances.get("windowing-a").kill();
          }
          if (i == pieces.size() / 2) {
            stoppedNode = leaderOf(common, topics.textIds.name(), 0);
            cluster.stopNode(stoppedNode);
          }
          Thread.sleep(20); // spread the stream over the faults
        }
        assertThat(PipelineDrain.await(common, Duration.ofMinutes(4), () -> false)).as("logs in %s", logs).isTrue();
        assertThat(sequences(common.kafka(), topics)).as("the sequences of the run with faults (node %d stopped, "
            + "logs in %s)", stoppedNode, logs).isEqualTo(clean);

        answersEveryPromptOnceWhileAGeneratorDies(cluster, settings, common, logs, processes);
      } finally {
        for (ServiceProcess process : processes) {
          process.close();
        }
      }
    }
  }

  /** The same documents through one instance each, with no fault. */
  private static Map<String, List<String>> cleanRun(EmbeddedKafkaBroker cluster, Map<String, String> documents)
      throws Exception {
    Config config = Config.of(settings(cluster, "clean."));
    CommonSettings common = CommonSettings.from(config);
    try (IngestService ingest = new IngestService(IngestSettings.from(config), "clean");
        WindowingService windowing = new WindowingService(WindowingSettings.from(config));
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(common.kafka().producerConfig("clean-text"),
            new StringSerializer(), new ByteArraySerializer())) {
      ingest.start();
      windowing.start();
      for (ProducerRecord<String, byte[]> piece : pieces(common.topics(), documents)) {
        producer.send(piece);
      }
      producer.flush();
      assertThat(PipelineDrain.await(common, Duration.ofMinutes(3), () -> false)).isTrue();
      Map<String, List<String>> sequences = sequences(common.kafka(), common.topics());
      assertThat(sequences).hasSize(DOCUMENTS);
      return sequences;
    }
  }

  /** Each document in pieces, keyed by its id, the documents interleaved. */
  private static List<ProducerRecord<String, byte[]>> pieces(Topics topics, Map<String, String> documents) {
    List<ProducerRecord<String, byte[]>> pieces = new ArrayList<>();
    for (int from = 0; documents.values().stream().anyMatch(text -> text.length() > 0); from += PIECE) {
      boolean any = false;
      for (var document : documents.entrySet()) {
        String text = document.getValue();
        if (from < text.length()) {
          any = true;
          pieces.add(new ProducerRecord<>(topics.textRaw.name(), document.getKey(),
              text.substring(from, Math.min(text.length(), from + PIECE)).getBytes(StandardCharsets.UTF_8)));
        }
      }
      if (!any) {
        break;
      }
    }
    return pieces;
  }

  /**
   * Every sequence of both topics, per document: "start train? text", in order of start. The text,
   * not the ids: each run has its own vocabulary, whose ids follow the order characters arrived in.
   */
  private static Map<String, List<String>> sequences(KafkaConnection kafka, Topics topics) {
    VocabularyTable vocabulary = new VocabularyTable(256);
    try (VocabularyReader reader = new VocabularyReader(kafka, topics.vocab, vocabulary, "fault-vocab")) {
      reader.catchUp();
    }
    Map<String, TreeMap<Long, String>> byDocument = new TreeMap<>();
    for (Topic<String, Sequence> topic : List.of(topics.sequencesTrain, topics.sequencesValidation)) {
      try (TopicReader<String, Sequence> reader = TopicReader.fromBeginning(kafka, topic, "fault-check")) {
        reader.readToCurrentEnd(record -> {
          Sequence sequence = record.value();
          String previous = byDocument.computeIfAbsent(sequence.getDocId(), d -> new TreeMap<>())
              .put(sequence.getStartPosition(), topic.name().endsWith("train") + " " + vocabulary.decode(sequence.getIds()));
          assertThat(previous).as("a second sequence of %s at %d", sequence.getDocId(), sequence.getStartPosition())
              .isNull();
        });
      }
    }
    Map<String, List<String>> sequences = new TreeMap<>();
    byDocument.forEach((document, starts) -> sequences.put(document, starts.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue()).toList()));
    return sequences;
  }

  /** Waits until both Streams applications have committed some work, so that the kills land mid-stream. */
  private static void awaitWork(CommonSettings common, Topics topics) throws Exception {
    try (Admin admin = common.kafka().admin("fault-admin")) {
      Eventually.await("ingest and windowing at work", Duration.ofMinutes(2), () -> List.of(
          committed(admin, topics.settings().prefix() + "charstream-ingest"),
          committed(admin, topics.settings().prefix() + "charstream-windowing")),
          counts -> counts.get(0) > 0 && counts.get(1) > 0);
    }
  }

  private static long committed(Admin admin, String group) throws Exception {
    return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values().stream()
        .mapToLong(o -> o.offset()).sum();
  }

  private static int leaderOf(CommonSettings common, String topic, int partition) throws Exception {
    try (Admin admin = common.kafka().admin("fault-admin")) {
      return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(partition)
          .leader().id();
    }
  }

  /** A small model, two generators, a burst of prompts, one generator SIGKILLed mid-burst. */
  private static void answersEveryPromptOnceWhileAGeneratorDies(EmbeddedKafkaBroker cluster,
      Map<String, String> settings, CommonSettings common, Path logs, List<ServiceProcess> processes)
      throws Exception {
    Topics topics = common.topics();
    Map<String, String> small = new HashMap<>(settings);
    small.putAll(Map.of("hidden.size", "16", "embedding.size", "8", "max.epochs", "1",
        "trainer.memory.chars", "20000", "trainer.validation.memory.chars", "4000"));
    try (TrainerService trainer = new TrainerService(TrainerSettings.from(Config.of(small)))) {
      trainer.start();
      try (TopicReader<String, byte[]> metrics = new TopicReader<>(common.kafka(), "fault-metrics",
          List.of(topics.trainingMetrics.name()), new org.apache.kafka.common.serialization.StringDeserializer(),
          new org.apache.kafka.common.serialization.ByteArrayDeserializer(), true)) {
        assertThat(metrics.readUntil(r -> !r.isEmpty(), Duration.ofMinutes(3))).isNotEmpty();
      }
    }
    ServiceProcess first = ServiceProcess.start("io.charstream.cli.Charstream",
        List.of("run", "generator", "--instance-id", "g1"), settings, logs.resolve("generator-1.log"), null);
    ServiceProcess second = ServiceProcess.start("io.charstream.cli.Charstream",
        List.of("run", "generator", "--instance-id", "g2"), settings, logs.resolve("generator-2.log"), null);
    processes.add(first);
    processes.add(second);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(common.kafka().producerConfig("fault-prompts"),
        new StringSerializer(), new ByteArraySerializer());
        Admin admin = common.kafka().admin("fault-admin")) {
      String group = ServiceNames.groupId(topics.settings(), ServiceNames.GENERATOR);
      for (int i = 0; i < PROMPTS; i++) {
        PromptRequest request = PromptRequest.newBuilder().setRequestId("p" + i).setPrompt("The river")
            .setMaxChars(60).setTemperature(1.0).setSeed((long) i).build();
        producer.send(new ProducerRecord<>(topics.prompts.name(), "p" + i, Events.PROMPT_REQUEST.encode(request)));
        if (i == PROMPTS / 3) {
          producer.flush();
          Eventually.await("some answers", Duration.ofMinutes(2), () -> committed(admin, group), n -> n > 0);
          first.kill();
        }
      }
      producer.flush();
      // Answers commit with the consumed offsets: once the group is at the end, every answer is on its topic;
      // once the killed generator's open transaction is aborted, a reader sees all of them.
      Eventually.await("the generators at the end of prompts", Duration.ofMinutes(2),
          () -> GroupLag.of(admin, group, topics.prompts.name()), lag -> lag == 0);
      OpenTransactions.awaitNone(admin, topics.generations.name(), Duration.ofMinutes(1));
    }
    Map<String, Integer> answers = new HashMap<>();
    try (TopicReader<String, Generation> reader = TopicReader.fromBeginning(common.kafka(), topics.generations,
        "fault-answers")) {
      reader.readToCurrentEnd(record -> {
        answers.merge(record.key(), 1, Integer::sum);
        assertThat(record.value().getError()).as("answer to %s", record.key()).isNull();
      });
    }
    assertThat(answers).as("logs in %s", logs).hasSize(PROMPTS);
    assertThat(answers.values()).as("answers per request").containsOnly(1);
  }
}
