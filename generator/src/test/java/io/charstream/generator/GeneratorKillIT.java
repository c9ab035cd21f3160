package io.charstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.events.Generation;
import io.charstream.events.GenerationChunk;
import io.charstream.events.PromptRequest;
import io.charstream.schemas.Events;
import io.charstream.schemas.ModelKey;
import io.charstream.schemas.TopicCreator;
import io.charstream.schemas.Topics;
import io.charstream.service.Config;
import io.charstream.service.GroupLag;
import io.charstream.service.ServiceNames;
import io.charstream.service.TopicReader;
import io.charstream.testing.Eventually;
import io.charstream.testing.OpenTransactions;
import io.charstream.testing.ServiceProcess;
import io.charstream.testing.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The generator in its own JVM, killed with SIGKILL while requests stream in: every request gets exactly one answer. */
class GeneratorKillIT {
  private static final int REQUESTS = 60;

  @Test
  void answersEveryRequestExactlyOnceAcrossAKillAndRestart() throws Exception {
    Map<String, String> settings = TestKafka.settings(TestKafka.uniquePrefix("generator-kill"),
        Map.of("model.name", "m", "generator.max.batch", "4"));
    Topics topics = GeneratorSettings.from(Config.of(settings)).common().topics();
    try (var admin = TestKafka.connection().admin("test-admin")) {
      TopicCreator.ensure(admin, topics.all(), 10_000);
    }
    Path log = Files.createTempFile("generator-process-", ".log");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(TestKafka.connection().producerConfig("t"),
        new StringSerializer(), new ByteArraySerializer())) {
      var snapshot = ContinuationGeneratorTest.trainedSnapshot(1, 5);
      producer.send(new ProducerRecord<>(topics.models.name(), ModelKey.of("m", 1),
          Events.MODEL_SNAPSHOT.encode(snapshot))).get();

      ServiceProcess first = ServiceProcess.start(GeneratorProcess.class, settings, log);
      for (int i = 0; i < REQUESTS; i++) {
        PromptRequest request = PromptRequest.newBuilder().setRequestId("r" + i).setPrompt("The river")
            .setMaxChars(150).setTemperature(1.0).setSeed((long) i).build();
        producer.send(new ProducerRecord<>(topics.prompts.name(), "r" + i, Events.PROMPT_REQUEST.encode(request)));
        producer.flush();
        if (i == REQUESTS / 3) {
          awaitSomeAnswers(topics);
          first.kill();
        }
      }
      try (ServiceProcess second = ServiceProcess.start(GeneratorProcess.class, settings, log)) {
        // Answers commit with the consumed offsets: once the group is at the end of prompts and no
        // transaction is left open, every answer that will ever exist is readable.
        try (var admin = TestKafka.connection().admin("test-admin")) {
          String group = ServiceNames.groupId(topics.settings(), ServiceNames.GENERATOR);
          Eventually.await("the generator at the end of prompts", Duration.ofMinutes(3),
              () -> GroupLag.of(admin, group, topics.prompts.name()), lag -> lag == 0);
          OpenTransactions.awaitNone(admin, topics.generations.name(), Duration.ofMinutes(1));
        }
        Map<String, Integer> answers = new HashMap<>();
        try (TopicReader<String, Generation> reader = TopicReader.fromBeginning(TestKafka.connection(),
            topics.generations, "test")) {
          reader.readToCurrentEnd(record -> {
            answers.merge(record.key(), 1, Integer::sum);
            assertThat(record.value().getError()).as("answer to %s", record.key()).isNull();
          });
        }
        assertThat(answers).as("log: %s", log).hasSize(REQUESTS);
        assertThat(answers.values()).as("answers per request").containsOnly(1);
      }
    }
  }

  @Test
  void aStreamedAnswerCutShortByAKillIsAnsweredOnceByOneWholeAttempt() throws Exception {
    Map<String, String> settings = TestKafka.settings(TestKafka.uniquePrefix("stream-kill"),
        Map.of("model.name", "m", "generator.max.chars", "20000", "generator.stream.interval.ms", "20"));
    Topics topics = GeneratorSettings.from(Config.of(settings)).common().topics();
    try (var admin = TestKafka.connection().admin("test-admin")) {
      TopicCreator.ensure(admin, topics.all(), 10_000);
    }
    Path log = Files.createTempFile("generator-stream-process-", ".log");
    Map<String, Object> producerConfig = TestKafka.connection().producerConfig("t");
    producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topics.models.name(), ModelKey.of("m", 1),
          Events.MODEL_SNAPSHOT.encode(ContinuationGeneratorTest.largeSnapshot(1)))).get();
      PromptRequest request = PromptRequest.newBuilder().setRequestId("long").setPrompt("The river")
          .setMaxChars(20_000).setTemperature(1.0).setSeed(3L).setStream(true).build();

      ServiceProcess first = ServiceProcess.start(GeneratorProcess.class, settings, log);
      producer.send(new ProducerRecord<>(topics.prompts.name(), "long", Events.PROMPT_REQUEST.encode(request))).get();
      try (TopicReader<String, GenerationChunk> chunks = TopicReader.fromBeginning(TestKafka.connection(),
          topics.generationChunks, "test")) {
        assertThat(chunks.readUntil(r -> !r.isEmpty(), Duration.ofMinutes(2))).as("log: %s", log).isNotEmpty();
      }
      first.kill();

      try (ServiceProcess second = ServiceProcess.start(GeneratorProcess.class, settings, log);
          var admin = TestKafka.connection().admin("test-admin")) {
        Eventually.await("the generator at the end of prompts", Duration.ofMinutes(3),
            () -> GroupLag.of(admin, ServiceNames.groupId(topics.settings(), ServiceNames.GENERATOR), topics.prompts.name()),
            lag -> lag == 0);
        OpenTransactions.awaitNone(admin, topics.generations.name(), Duration.ofMinutes(1));
      }
      List<Generation> answers = new java.util.ArrayList<>();
      try (TopicReader<String, Generation> reader = TopicReader.fromBeginning(TestKafka.connection(),
          topics.generations, "test")) {
        reader.readToCurrentEnd(record -> answers.add(record.value()));
      }
      assertThat(answers).as("answers; log: %s", log).hasSize(1);
      Generation answer = answers.get(0);
      assertThat(answer.getText()).hasSize(20_000);

      Map<String, StringBuilder> byAttempt = new java.util.LinkedHashMap<>();
      try (TopicReader<String, GenerationChunk> reader = TopicReader.fromBeginning(TestKafka.connection(),
          topics.generationChunks, "test")) {
        reader.readToCurrentEnd(record -> byAttempt.computeIfAbsent(record.value().getAttempt(),
            a -> new StringBuilder()).append(record.value().getText()));
      }
      assertThat(byAttempt).as("the killed attempt and the one that answered").hasSize(2);
      assertThat(byAttempt.get(answer.getAttempt())).as("the answered attempt's chunks").hasToString(answer.getText());
      String cutShort = byAttempt.values().iterator().next().toString();
      assertThat(answer.getText()).as("same seed, same text: the killed attempt wrote its beginning")
          .startsWith(cutShort);
      assertThat(cutShort.length()).as("killed mid-stream").isLessThan(answer.getText().length());
    }
  }

  private static void awaitSomeAnswers(Topics topics) {
    try (TopicReader<String, Generation> reader = new TopicReader<>(TestKafka.connection(),
        topics.generations.name(), topics.generations.keySerde().deserializer(),
        topics.generations.valueSerde().deserializer(), true)) {
      assertThat(reader.readUntil(r -> !r.isEmpty(), Duration.ofMinutes(2))).isNotEmpty();
    }
  }
}
