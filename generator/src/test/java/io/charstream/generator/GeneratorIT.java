package io.charstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.events.Generation;
import io.charstream.events.GenerationChunk;
import io.charstream.events.ModelSnapshot;
import io.charstream.events.PromptRequest;
import io.charstream.events.Rejection;
import io.charstream.schemas.Events;
import io.charstream.schemas.ModelKey;
import io.charstream.schemas.TopicCreator;
import io.charstream.schemas.Topics;
import io.charstream.service.TopicReader;
import io.charstream.testing.SeedText;
import io.charstream.testing.TestKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The generator against a real broker, serving snapshots as the trainer publishes them. */
class GeneratorIT {

  private static PromptRequest request(String id, String prompt, int chars, double temperature, Long seed) {
    return PromptRequest.newBuilder().setRequestId(id).setPrompt(prompt).setMaxChars(chars)
        .setTemperature(temperature).setSeed(seed).build();
  }

  private static final class Fixture implements AutoCloseable {
    final Topics topics;
    final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        TestKafka.connection().producerConfig("fixture"), new StringSerializer(), new ByteArraySerializer());

    Fixture(Topics topics) {
      this.topics = topics;
      try (var admin = TestKafka.connection().admin("fixture-admin")) {
        TopicCreator.ensure(admin, topics.all(), 10_000);
      }
    }

    void publish(ModelSnapshot snapshot) {
      producer.send(new ProducerRecord<>(topics.models.name(), ModelKey.of(snapshot.getModelName(),
          snapshot.getVersion()), Events.MODEL_SNAPSHOT.encode(snapshot)));
      producer.flush();
    }

    void send(PromptRequest request) {
      send(request.getRequestId(), Events.PROMPT_REQUEST.encode(request));
    }

    void send(String key, byte[] value) {
      producer.send(new ProducerRecord<>(topics.prompts.name(), key, value));
      producer.flush();
    }

    /**
     * Every answer up to and including the answer to a marker request sent now. Prompts and
     * generations have one partition here (topic.partitions 1) and answers commit in request order, so once the
     * marker is answered no answer to an earlier request (a duplicate included) can still come.
     */
    Map<String, Generation> answersThrough(String marker) {
      send(request(marker, "The", 1, 0, null));
      Map<String, Generation> answers = new HashMap<>();
      try (TopicReader<String, Generation> reader = new TopicReader<>(TestKafka.connection(),
          topics.generations.name(), topics.generations.keySerde().deserializer(),
          topics.generations.valueSerde().deserializer(), true)) {
        List<ConsumerRecord<String, Generation>> records = reader.readUntil(
            r -> r.stream().anyMatch(record -> marker.equals(record.key())), Duration.ofMinutes(2));
        for (ConsumerRecord<String, Generation> record : records) {
          assertThat(answers.put(record.key(), record.value())).as("answers to %s", record.key()).isNull();
        }
      }
      assertThat(answers).as("the marker's answer").containsKey(marker);
      answers.remove(marker);
      return answers;
    }

    @Override
    public void close() {
      producer.close();
    }
  }

  @Test
  void answersEachRequestOnceWithTextFromTheVocabularyOrAReason() throws Exception {
    GeneratorSettings settings = GeneratorSettings.from(TestKafka.config(TestKafka.uniquePrefix("generator"),
        Map.of("topic.partitions", "1", "model.name", "m", "generator.max.prompt.chars", "50",
            "generator.max.chars", "300")));
    try (Fixture fixture = new Fixture(settings.common().topics());
        GeneratorService generator = new GeneratorService(settings, "g1")) {
      fixture.publish(ContinuationGeneratorTest.trainedSnapshot(1, 30));
      generator.start();

      fixture.send(request("seeded-a", "The river", 80, 1.0, 11L));
      fixture.send(request("seeded-b", "The river", 80, 1.0, 11L));
      fixture.send(request("greedy", "We read the", 20, 0, null));
      fixture.send(request("twice", "stone", 10, 1.0, 1L));
      fixture.send(request("twice", "stone", 10, 1.0, 1L));
      fixture.send(request("empty", "", 10, 1.0, null));
      fixture.send(request("long-prompt", "x".repeat(51), 10, 1.0, null));
      fixture.send(request("too-many", "a", 301, 1.0, null));
      fixture.send(request("negative-temperature", "a", 10, -0.5, null));
      fixture.send(PromptRequest.newBuilder(request("x", "a", 10, 1.0, null)).setRequestId("no-such-version")
          .setModelVersion(99L).build());
      fixture.send("undecodable", new byte[] {1, 2, 3});
      fixture.send(null, new byte[] {(byte) 0xC3, 0x01, 7});

      Map<String, Generation> answers = fixture.answersThrough("marker");

      assertThat(answers).containsOnlyKeys("seeded-a", "seeded-b", "greedy", "twice", "empty", "long-prompt",
          "too-many", "negative-temperature", "no-such-version", "undecodable");
      Generation a = answers.get("seeded-a");
      assertThat(a.getError()).isNull();
      assertThat(a.getText()).hasSize(80);
      assertThat(a.getModelVersion()).isEqualTo(1L);
      assertThat(answers.get("seeded-b").getText()).as("same seed, same version").isEqualTo(a.getText());
      String vocabulary = String.join("", SeedText.vocabulary(SeedText.TEXT).keySet());
      assertThat(a.getText().chars()).allSatisfy(c -> assertThat(vocabulary).contains(Character.toString(c)));
      assertThat(answers.get("empty").getError()).contains("empty");
      assertThat(answers.get("long-prompt").getError()).contains("51 characters", "cap of 50");
      assertThat(answers.get("too-many").getError()).contains("maxChars");
      assertThat(answers.get("negative-temperature").getError()).contains("temperature");
      assertThat(answers.get("no-such-version").getError()).contains("version 99");
      assertThat(answers.get("undecodable").getError()).contains("cannot be read");

      // Answers and rejections commit in one transaction: the marker's answer proves the rejection is there.
      Topics topics = settings.common().topics();
      try (TopicReader<String, Rejection> reader = TopicReader.fromBeginning(TestKafka.connection(),
          topics.promptsRejected, "test")) {
        List<Rejection> rejected = new java.util.ArrayList<>();
        reader.readToCurrentEnd(record -> rejected.add(record.value()));
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).getRejectedBy()).isEqualTo("generator");
        assertThat(rejected.get(0).getReason()).contains("without a request id");
      }
      try (TopicReader<String, Rejection> reader = TopicReader.fromBeginning(TestKafka.connection(),
          topics.textRejected, "test")) {
        assertThat(reader.readToCurrentEnd(record -> { })).as("records on text.rejected, ingest's topic").isZero();
      }
    }
  }

  @Test
  void aStreamedRequestComesInChunksThatAddUpToItsOneAnswer() throws Exception {
    GeneratorSettings settings = GeneratorSettings.from(TestKafka.config(TestKafka.uniquePrefix("streamed"),
        Map.of("topic.partitions", "1", "model.name", "m", "generator.max.chars", "5000",
            "generator.stream.interval.ms", "1")));
    try (Fixture fixture = new Fixture(settings.common().topics());
        GeneratorService generator = new GeneratorService(settings, "g5")) {
      fixture.publish(ContinuationGeneratorTest.trainedSnapshot(1, 5));
      generator.start();
      fixture.send(PromptRequest.newBuilder(request("streamed", "The river", 3000, 1.0, 5L)).setStream(true).build());
      fixture.send(request("plain", "The river", 3000, 1.0, 5L));

      Map<String, Generation> answers = fixture.answersThrough("marker");
      Generation streamed = answers.get("streamed");
      assertThat(streamed.getText()).hasSize(3000);
      assertThat(answers.get("plain").getText()).as("streaming does not change the text").isEqualTo(streamed.getText());
      assertThat(answers.get("plain").getAttempt()).isNull();

      // The chunk producer is flushed before the answer commits: every chunk is on the topic now.
      List<GenerationChunk> chunks = new java.util.ArrayList<>();
      try (TopicReader<String, GenerationChunk> reader = TopicReader.fromBeginning(TestKafka.connection(),
          settings.common().topics().generationChunks, "test")) {
        reader.readToCurrentEnd(record -> chunks.add(record.value()));
      }
      assertThat(chunks).extracting(GenerationChunk::getRequestId).as("only the streamed request").containsOnly("streamed");
      assertThat(chunks).extracting(GenerationChunk::getAttempt).containsOnly(streamed.getAttempt());
      assertThat(chunks).as("a 3000-character continuation in 1 ms chunks").hasSizeGreaterThan(1);
      assertThat(chunks).extracting(GenerationChunk::getIndex)
          .isEqualTo(java.util.stream.IntStream.range(0, chunks.size()).boxed().toList());
      assertThat(chunks.stream().map(GenerationChunk::getText).collect(java.util.stream.Collectors.joining()))
          .isEqualTo(streamed.getText());
      assertThat(chunks).extracting(GenerationChunk::getModelVersion).containsOnly(1L);
    }
  }

  @Test
  void switchesToANewVersionPublishedMidStreamWithoutFailingARequest() throws Exception {
    GeneratorSettings settings = GeneratorSettings.from(TestKafka.config(TestKafka.uniquePrefix("hot-swap"),
        Map.of("topic.partitions", "1", "model.name", "m")));
    try (Fixture fixture = new Fixture(settings.common().topics());
        GeneratorService generator = new GeneratorService(settings, "g2")) {
      fixture.publish(ContinuationGeneratorTest.trainedSnapshot(1, 5));
      generator.start();
      for (int i = 0; i < 10; i++) {
        fixture.send(request("before-" + i, "The", 30, 1.0, (long) i));
      }
      fixture.answersThrough("first-marker");
      fixture.publish(ContinuationGeneratorTest.trainedSnapshot(2, 10));
      // A request naming version 2 waits until the generator has read it: after its answer, the newest is 2.
      fixture.send(PromptRequest.newBuilder(request("asks-for-2", "The", 5, 1.0, 1L)).setModelVersion(2L).build());
      for (int i = 0; i < 10; i++) {
        fixture.send(request("after-" + i, "The", 30, 1.0, (long) i));
      }

      Map<String, Generation> answers = fixture.answersThrough("second-marker");
      assertThat(answers).as("10 before, the first marker, asks-for-2, 10 after").hasSize(22);
      assertThat(answers.get("asks-for-2").getModelVersion()).isEqualTo(2L);
      assertThat(answers.values()).allSatisfy(g -> assertThat(g.getError()).isNull());
      assertThat(answers.get("before-0").getModelVersion()).isEqualTo(1L);
      assertThat(answers.get("after-9").getModelVersion()).isEqualTo(2L);
    }
  }

  @Test
  void aRequestIsAnsweredByTheModelItNamesOrGetsAnErrorNamingIt() throws Exception {
    GeneratorSettings settings = GeneratorSettings.from(TestKafka.config(TestKafka.uniquePrefix("named"),
        Map.of("topic.partitions", "1", "model.name", "m")));
    try (Fixture fixture = new Fixture(settings.common().topics());
        GeneratorService generator = new GeneratorService(settings, "g4")) {
      fixture.publish(ContinuationGeneratorTest.trainedSnapshot(1, 5));
      fixture.publish(ContinuationGeneratorTest.trainedSnapshot("other", 7, 5));
      generator.start();
      fixture.send(PromptRequest.newBuilder(request("to-other", "The", 10, 1.0, 1L)).setModelName("other").build());
      fixture.send(PromptRequest.newBuilder(request("to-m", "The", 10, 1.0, 1L)).setModelName("m").build());
      fixture.send(request("unnamed", "The", 10, 1.0, 1L));
      fixture.send(PromptRequest.newBuilder(request("to-none", "The", 10, 1.0, 1L)).setModelName("none").build());

      Map<String, Generation> answers = fixture.answersThrough("marker");
      assertThat(answers.get("to-other").getModelName()).isEqualTo("other");
      assertThat(answers.get("to-other").getModelVersion()).isEqualTo(7L);
      assertThat(answers.get("to-m").getModelName()).isEqualTo("m");
      assertThat(answers.get("unnamed").getModelName()).as("a request naming no model: model.name").isEqualTo("m");
      assertThat(answers.get("to-none").getError()).contains("no model named 'none'").contains("m, other");
    }
  }

  @Test
  void aRequestBeforeAnyModelExistsGetsAnErrorAfterTheWait() throws Exception {
    GeneratorSettings settings = GeneratorSettings.from(TestKafka.config(TestKafka.uniquePrefix("no-model"),
        Map.of("topic.partitions", "1", "model.name", "m", "generator.model.wait.ms", "1500")));
    try (Fixture fixture = new Fixture(settings.common().topics());
        GeneratorService generator = new GeneratorService(settings, "g3")) {
      generator.start();
      fixture.send(request("early", "The", 10, 1.0, null));
      assertThat(fixture.answersThrough("marker").get("early").getError()).contains("no model of m exists yet");
    }
  }
}
