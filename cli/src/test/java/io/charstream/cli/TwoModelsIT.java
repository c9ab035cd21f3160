package io.charstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.cli.kafka.TextPublisher;
import io.charstream.events.EpochMetrics;
import io.charstream.events.Generation;
import io.charstream.events.PromptRequest;
import io.charstream.generator.GeneratorService;
import io.charstream.generator.GeneratorSettings;
import io.charstream.ingest.IngestService;
import io.charstream.ingest.IngestSettings;
import io.charstream.schemas.Events;
import io.charstream.schemas.Topics;
import io.charstream.service.Config;
import io.charstream.service.TopicReader;
import io.charstream.testing.SeedText;
import io.charstream.testing.TestKafka;
import io.charstream.trainer.TrainerService;
import io.charstream.trainer.TrainerSettings;
import io.charstream.windowing.WindowingService;
import io.charstream.windowing.WindowingSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Two models on one pipeline, an LSTM and a GRU, each with its trainer and a generator started for
 * it: a request is answered by the model it names, whichever generator takes it, and a request for
 * a model that does not exist gets an error naming it.
 */
class TwoModelsIT {
  private static final Map<String, String> SEED = SeedText.SETTINGS;

  private static Config config(String prefix, String model, String cell) {
    Map<String, String> settings = new HashMap<>(SEED);
    settings.put("model.name", model);
    settings.put("model.cell", cell);
    return TestKafka.config(prefix, settings);
  }

  @Test
  void eachRequestIsAnsweredByTheModelItNames() throws Exception {
    String prefix = TestKafka.uniquePrefix("two-models");
    Config alpha = config(prefix, "alpha", "lstm");
    Config beta = config(prefix, "beta", "gru");
    IngestSettings ingestSettings = IngestSettings.from(alpha);
    Topics topics = ingestSettings.common().topics();
    try (IngestService ingest = new IngestService(ingestSettings, "two");
        WindowingService windowing = new WindowingService(WindowingSettings.from(alpha));
        TrainerService alphaTrainer = new TrainerService(TrainerSettings.from(alpha));
        TrainerService betaTrainer = new TrainerService(TrainerSettings.from(beta));
        GeneratorService alphaGenerator = new GeneratorService(GeneratorSettings.from(alpha), "g-alpha");
        GeneratorService betaGenerator = new GeneratorService(GeneratorSettings.from(beta), "g-beta");
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            TestKafka.connection().producerConfig("two-models"), new StringSerializer(), new ByteArraySerializer())) {
      for (var service : List.of(ingest, windowing, alphaTrainer, betaTrainer, alphaGenerator, betaGenerator)) {
        service.start();
      }
      TextPublisher.publish(ingestSettings.common(), "seed", SeedText.TEXT.getBytes(StandardCharsets.UTF_8), 45);

      Map<String, List<EpochMetrics>> epochs;
      try (TopicReader<String, EpochMetrics> reader = new TopicReader<>(TestKafka.connection(),
          topics.trainingMetrics.name(), topics.trainingMetrics.keySerde().deserializer(),
          topics.trainingMetrics.valueSerde().deserializer(), true)) {
        epochs = reader.readUntil(r -> r.size() >= 20, Duration.ofMinutes(5)).stream().map(ConsumerRecord::value)
            .collect(Collectors.groupingBy(m -> m.getModelName().toString()));
      }
      assertThat(epochs).containsOnlyKeys("alpha", "beta");
      List<EpochMetrics> gru = epochs.get("beta");
      assertThat(gru).extracting(EpochMetrics::getEpoch).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
      assertThat(gru.get(9).getTrainLoss()).as("the GRU's seed scenario: loss down by 40% or more")
          .isLessThanOrEqualTo(0.6 * gru.get(0).getTrainLoss());

      for (String model : List.of("alpha", "beta", "alpha", "beta", "gamma")) {
        String id = "to-" + model + "-" + System.nanoTime();
        PromptRequest request = PromptRequest.newBuilder().setRequestId(id).setPrompt("The river")
            .setMaxChars(40).setTemperature(0.7).setSeed(5L).setModelName(model).build();
        producer.send(new ProducerRecord<>(topics.prompts.name(), id, Events.PROMPT_REQUEST.encode(request)));
      }
      producer.flush();

      List<Generation> answers;
      try (TopicReader<String, Generation> reader = new TopicReader<>(TestKafka.connection(),
          topics.generations.name(), topics.generations.keySerde().deserializer(),
          topics.generations.valueSerde().deserializer(), true)) {
        answers = reader.readUntil(r -> r.size() >= 5, Duration.ofMinutes(2)).stream().map(ConsumerRecord::value)
            .toList();
      }
      assertThat(answers).hasSize(5);
      for (Generation answer : answers) {
        String named = answer.getRequestId().split("-")[1];
        if (named.equals("gamma")) {
          assertThat(answer.getError()).contains("'gamma'").contains("alpha").contains("beta");
        } else {
          assertThat(answer.getError()).as("answer to %s", answer.getRequestId()).isNull();
          assertThat(answer.getModelName()).isEqualTo(named);
          assertThat(answer.getText()).hasSize(40);
        }
      }
    }
  }
}
