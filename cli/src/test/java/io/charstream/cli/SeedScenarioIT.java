package io.charstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.cli.kafka.PipelineDrain;
import io.charstream.cli.kafka.TextPublisher;
import io.charstream.events.EpochMetrics;
import io.charstream.events.Sequence;
import io.charstream.ingest.IngestService;
import io.charstream.ingest.IngestSettings;
import io.charstream.schemas.Topic;
import io.charstream.schemas.Topics;
import io.charstream.service.Config;
import io.charstream.service.TopicReader;
import io.charstream.service.vocab.VocabularyReader;
import io.charstream.service.vocab.VocabularyTable;
import io.charstream.testing.SeedText;
import io.charstream.testing.TestKafka;
import io.charstream.trainer.TrainerService;
import io.charstream.trainer.TrainerSettings;
import io.charstream.windowing.WindowingService;
import io.charstream.windowing.WindowingSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The seed scenario on the embedded broker: ingest, windowing and the trainer in this JVM, the text in pieces. */
class SeedScenarioIT {

  @Test
  void splits198CharactersInto80TrainingAnd19ValidationSequencesOfTheText() throws Exception {
    Config config = TestKafka.config(TestKafka.uniquePrefix("seed"), SeedText.SETTINGS);
    IngestSettings ingestSettings = IngestSettings.from(config);
    Topics topics = ingestSettings.common().topics();
    try (IngestService ingest = new IngestService(ingestSettings, "seed");
        WindowingService windowing = new WindowingService(WindowingSettings.from(config));
        TrainerService trainer = new TrainerService(TrainerSettings.from(config))) {
      ingest.start();
      windowing.start();
      // Several events for one document: windows must cross their boundaries.
      TextPublisher.publish(ingestSettings.common(), "seed", SeedText.TEXT.getBytes(StandardCharsets.UTF_8), 45);

      // Once ingest and windowing have committed past the end of their inputs, every sequence is on its topic.
      assertThat(PipelineDrain.await(ingestSettings.common(), Duration.ofMinutes(2), () -> false)).isTrue();
      // Only now: a trainer trains on what has arrived, and the pieces may reach it in more than one
      // commit, so one started earlier may run its first epoch on part of the text.
      trainer.start();
      List<ConsumerRecord<String, Sequence>> train = read(topics.sequencesTrain);
      List<ConsumerRecord<String, Sequence>> validation = read(topics.sequencesValidation);
      assertThat(train).hasSize(80);
      assertThat(validation).hasSize(19);

      VocabularyTable vocabulary = new VocabularyTable(ingestSettings.common().vocabCapacity());
      try (VocabularyReader reader = new VocabularyReader(TestKafka.connection(), topics.vocab, vocabulary, "t")) {
        reader.catchUp();
      }
      for (int k = 0; k < 99; k++) {
        Sequence sequence = (k < 80 ? train.get(k) : validation.get(k - 80)).value();
        assertThat(sequence.getStartPosition()).isEqualTo(k);
        assertThat(vocabulary.decode(sequence.getIds())).isEqualTo(SeedText.TEXT.substring(k, k + 100));
      }

      List<EpochMetrics> metrics;
      try (TopicReader<String, EpochMetrics> reader = new TopicReader<>(TestKafka.connection(),
          topics.trainingMetrics.name(), topics.trainingMetrics.keySerde().deserializer(),
          topics.trainingMetrics.valueSerde().deserializer(), true)) {
        metrics = reader.readUntil(r -> r.size() >= 10, Duration.ofMinutes(5)).stream()
            .map(ConsumerRecord::value).toList();
      }
      assertThat(metrics).extracting(EpochMetrics::getEpoch).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
      assertThat(metrics.get(9).getTrainLoss()).isLessThanOrEqualTo(0.6 * metrics.get(0).getTrainLoss());
      assertThat(metrics.get(9).getTrainAccuracy()).isGreaterThan(metrics.get(0).getTrainAccuracy());
      assertThat(metrics).allSatisfy(m -> assertThat(m.getSequencesSeen()).isEqualTo(80));
    }
  }

  private static List<ConsumerRecord<String, Sequence>> read(Topic<String, Sequence> topic) {
    List<ConsumerRecord<String, Sequence>> records = new java.util.ArrayList<>();
    try (TopicReader<String, Sequence> reader = TopicReader.fromBeginning(TestKafka.connection(), topic, "seed")) {
      reader.readToCurrentEnd(records::add);
    }
    return records;
  }
}
