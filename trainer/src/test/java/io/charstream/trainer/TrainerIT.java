package io.charstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.events.EpochMetrics;
import io.charstream.events.ModelSnapshot;
import io.charstream.events.TrainingProgress;
import io.charstream.model.Batch;
import io.charstream.model.Scores;
import io.charstream.schemas.Topics;
import io.charstream.testing.SeedText;
import io.charstream.testing.TestKafka;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;

/** The trainer against a real broker, fed sequences as windowing would write them. */
class TrainerIT {

  @Test
  void trainsTheSeedScenarioTenEpochsWithFallingLossAndRisingAccuracy() throws Exception {
    TrainerSettings settings = TrainerSettings.from(TestKafka.config(TestKafka.uniquePrefix("seed-trainer"),
        with(SeedText.SETTINGS, "keep.versions", "3")));
    Topics topics = settings.common().topics();
    TrainerFixture fixture = new TrainerFixture(topics);
    List<int[]> windows = SeedText.windows(SeedText.TEXT, 100, 1);
    fixture.publishVocabulary(SeedText.vocabulary(SeedText.TEXT));
    fixture.publish(topics.sequencesTrain, windows.subList(0, 80), 0);
    fixture.publish(topics.sequencesValidation, windows.subList(80, 99), 80);

    try (TrainerService trainer = new TrainerService(settings)) {
      trainer.start();
      List<EpochMetrics> metrics = fixture.awaitMetrics(10, Duration.ofMinutes(5));

      assertThat(metrics).extracting(EpochMetrics::getEpoch).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
      assertThat(metrics).extracting(EpochMetrics::getVersion).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
      EpochMetrics first = metrics.get(0);
      EpochMetrics last = metrics.get(9);
      assertThat(last.getTrainLoss()).isLessThanOrEqualTo(0.6 * first.getTrainLoss());
      assertThat(last.getTrainAccuracy()).isGreaterThan(first.getTrainAccuracy());
      assertThat(metrics).allSatisfy(m -> {
        assertThat(m.getSequencesSeen()).isEqualTo(80);
        assertThat(m.getCharactersSeen()).isEqualTo(80 * 99);
        assertThat(m.getValidationLoss()).isNotNull();
        assertThat(m.getCharactersPerSecond()).isPositive();
      });

      List<TrainingProgress> progress = fixture.readCommitted(topics.trainingProgress).stream()
          .map(ConsumerRecord::value).toList();
      assertThat(progress).anySatisfy(p -> {
        assertThat(p.getEpoch()).isEqualTo(1);
        assertThat(p.getBatch()).isEqualTo(10);
        assertThat(p.getBatches()).isEqualTo(10);
      });

      // The newest snapshot loads in plain DL4J and scores the validation set as its metrics say.
      // An epoch's metrics and its snapshot (and pruning tombstones) commit in one transaction.
      List<ConsumerRecord<String, ModelSnapshot>> snapshots = fixture.readCommitted(topics.models);
      ModelSnapshot newest = snapshots.stream().map(ConsumerRecord::value).filter(Objects::nonNull)
          .filter(s -> s.getVersion() == 10).findFirst().orElseThrow();
      assertThat(newest.getEpoch()).isEqualTo(10);
      assertThat(newest.getVocab()).hasSize(SeedText.vocabulary(SeedText.TEXT).size());
      byte[] bytes = bytes(newest.getModelBytes());
      MultiLayerNetwork loaded = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), true);
      Batch validation = Batch.of(windows.subList(80, 99), 256);
      Scores scores = Scores.of(loaded.output(validation.features(), false), validation.targets());
      assertThat(scores.loss()).isCloseTo(last.getValidationLoss(), org.assertj.core.data.Offset.offset(1e-4));
      assertThat(snapshots).as("old versions pruned with tombstones").anyMatch(r -> r.value() == null);
    }
  }

  @Test
  void newSequencesArrivingAfterTheIdleEpochsStartNewEpochs() throws Exception {
    TrainerSettings settings = TrainerSettings.from(TestKafka.config(TestKafka.uniquePrefix("new-data"),
        Map.of("idle.epochs", "2", "batch.size", "16", "hidden.size", "32", "embedding.size", "16")));
    Topics topics = settings.common().topics();
    TrainerFixture fixture = new TrainerFixture(topics);
    List<int[]> windows = SeedText.windows(SeedText.TEXT, 50, 1);
    fixture.publishVocabulary(SeedText.vocabulary(SeedText.TEXT));
    fixture.publish(topics.sequencesTrain, windows.subList(0, 60), 0);

    try (TrainerService trainer = new TrainerService(settings)) {
      trainer.start();
      assertThat(fixture.awaitMetrics(2, Duration.ofMinutes(2))).hasSize(2);

      fixture.publish(topics.sequencesTrain, windows.subList(60, 120), 60);
      List<EpochMetrics> metrics = fixture.awaitMetrics(4, Duration.ofMinutes(2));

      assertThat(metrics).extracting(EpochMetrics::getEpoch).containsExactly(1, 2, 3, 4);
      // A third epoch on the first 60 would have started at once after the second, before the new
      // sequences were published: 120 in epoch 3 shows the trainer waited (idle.epochs).
      assertThat(metrics).extracting(EpochMetrics::getSequencesSeen).containsExactly(60L, 60L, 120L, 120L);
    }
  }

  private static final Map<String, String> SMALL_MODEL = Map.of("batch.size", "16", "hidden.size", "32",
      "embedding.size", "16", "idle.epochs", "0");

  private static Map<String, String> with(Map<String, String> base, String... keysAndValues) {
    Map<String, String> settings = new java.util.HashMap<>(base);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      settings.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return settings;
  }

  @Test
  void aTinyMemoryFedTenTimesItsSizeHoldsItsBoundAndCountsEverythingConsumed() throws Exception {
    // 20 windows of 30 ids fit in memory; 200 are published.
    TrainerSettings settings = TrainerSettings.from(TestKafka.config(TestKafka.uniquePrefix("tiny-memory"),
        with(SMALL_MODEL, "trainer.memory.chars", "600", "max.epochs", "3")));
    Topics topics = settings.common().topics();
    TrainerFixture fixture = new TrainerFixture(topics);
    List<int[]> windows = SeedText.windows(SeedText.TEXT, 30, 1).subList(0, 160);
    fixture.publishVocabulary(SeedText.vocabulary(SeedText.TEXT));
    fixture.publish(topics.sequencesTrain, windows, 0);
    fixture.publish(topics.sequencesTrain, windows.subList(0, 40), 160);

    try (TrainerService trainer = new TrainerService(settings)) {
      trainer.start();
      List<EpochMetrics> metrics = fixture.awaitMetrics(3, Duration.ofMinutes(2));
      assertThat(metrics).allSatisfy(m -> {
        assertThat(m.getMemoryCharacters()).as("memory at its bound").isEqualTo(600);
        assertThat(m.getConsumedCharacters()).as("everything consumed").isEqualTo(200 * 30);
        assertThat(m.getSequencesSeen()).as("an epoch is a pass over the memory").isEqualTo(20);
      });
      ModelSnapshot newest = fixture.readCommitted(topics.models).stream().map(ConsumerRecord::value)
          .filter(Objects::nonNull).filter(s -> s.getVersion() == 3).findFirst().orElseThrow();
      assertThat(newest.getConsumedOffsets()).anySatisfy(offset -> {
        assertThat(offset.getTopic()).isEqualTo(topics.sequencesTrain.name());
        assertThat(offset.getOffset()).as("lineage: the next offset to consume").isGreaterThanOrEqualTo(200);
      });
      assertThat(newest.getTrainingMemory().getRecent().remaining() + newest.getTrainingMemory().getReservoir()
          .remaining()).as("the memory travels with the snapshot, one byte per id").isEqualTo(600);
    }
  }

  @Test
  void resumesFromItsSnapshotAfterRetentionDeletedTheRecordsItLearnedFrom() throws Exception {
    String prefix = TestKafka.uniquePrefix("retention");
    TrainerSettings first = TrainerSettings.from(TestKafka.config(prefix, with(SMALL_MODEL, "max.epochs", "2")));
    Topics topics = first.common().topics();
    TrainerFixture fixture = new TrainerFixture(topics);
    List<int[]> windows = SeedText.windows(SeedText.TEXT, 30, 1);
    fixture.publishVocabulary(SeedText.vocabulary(SeedText.TEXT));
    fixture.publish(topics.sequencesTrain, windows.subList(0, 60), 0);
    fixture.publish(topics.sequencesValidation, windows.subList(150, 160), 150);
    try (TrainerService trainer = new TrainerService(first)) {
      trainer.start();
      fixture.awaitMetrics(2, Duration.ofMinutes(2));
    }
    // What retention does to old segments, done at once: every record so far is gone from both topics.
    fixture.deleteAllRecords(topics.sequencesTrain);
    fixture.deleteAllRecords(topics.sequencesValidation);
    fixture.publish(topics.sequencesTrain, windows.subList(60, 100), 60);

    TrainerSettings second = TrainerSettings.from(TestKafka.config(prefix, with(SMALL_MODEL, "max.epochs", "3")));
    try (TrainerService trainer = new TrainerService(second)) {
      trainer.start();
      List<EpochMetrics> metrics = fixture.awaitMetrics(3, Duration.ofMinutes(2));
      assertThat(metrics).extracting(EpochMetrics::getEpoch).containsExactly(1, 2, 3);
      EpochMetrics resumed = metrics.get(2);
      assertThat(resumed.getSequencesSeen()).as("the 60 windows restored from the snapshot and 40 new ones")
          .isEqualTo(100);
      assertThat(resumed.getConsumedCharacters()).isEqualTo(100 * 30);
      assertThat(resumed.getValidationLoss()).as("validation windows restored too").isNotNull();
      assertThat(trainer.healthy()).isTrue();
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
