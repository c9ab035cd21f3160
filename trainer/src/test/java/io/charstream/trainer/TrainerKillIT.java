package io.charstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.events.EpochMetrics;
import io.charstream.events.TrainingProgress;
import io.charstream.schemas.Topics;
import io.charstream.service.Config;
import io.charstream.service.TopicReader;
import io.charstream.testing.SeedText;
import io.charstream.testing.ServiceProcess;
import io.charstream.testing.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trainer in its own JVM, killed with SIGKILL in the middle of an epoch and started again. */
class TrainerKillIT {

  @Test
  void resumesFromItsLastSnapshotContinuingTheEpochNumbers() throws Exception {
    String text = (SeedText.TEXT + " ").repeat(3);
    Map<String, String> settings = TestKafka.settings(TestKafka.uniquePrefix("trainer-kill"), Map.of(
        "max.epochs", "5", "idle.epochs", "0", "batch.size", "8", "learning.rate", "0.01",
        "hidden.size", "128", "embedding.size", "32", "progress.interval.ms", "50"));
    Topics topics = TrainerSettings.from(Config.of(settings)).common().topics();
    TrainerFixture fixture = new TrainerFixture(topics);
    List<int[]> windows = SeedText.windows(text, 100, 1);
    fixture.publishVocabulary(SeedText.vocabulary(text));
    fixture.publish(topics.sequencesTrain, windows.subList(0, 400), 0);
    fixture.publish(topics.sequencesValidation, windows.subList(400, windows.size()), 400);
    Path log = Files.createTempFile("trainer-process-", ".log");

    try (ServiceProcess first = ServiceProcess.start(TrainerProcess.class, settings, log)) {
      assertThat(fixture.awaitMetrics(2, Duration.ofMinutes(3))).as("log: %s", log).hasSize(2);
      TrainingProgress midEpoch = awaitProgressInEpoch(topics, 3);
      first.kill();
      assertThat(midEpoch.getBatch()).isLessThan(midEpoch.getBatches());
    }
    assertThat(fixture.awaitMetrics(3, Duration.ofSeconds(2))).as("the killed epoch published nothing").hasSize(2);

    try (ServiceProcess second = ServiceProcess.start(TrainerProcess.class, settings, log)) {
      List<EpochMetrics> metrics = fixture.awaitMetrics(5, Duration.ofMinutes(3));

      assertThat(metrics).as("log: %s", log).extracting(EpochMetrics::getEpoch).containsExactly(1, 2, 3, 4, 5);
      assertThat(metrics).extracting(EpochMetrics::getVersion).containsExactly(1L, 2L, 3L, 4L, 5L);
      double beforeKill = metrics.get(1).getValidationLoss();
      double afterRestart = metrics.get(2).getValidationLoss();
      assertThat(afterRestart).as("validation loss of the first epoch after the restart")
          .isLessThan(metrics.get(0).getValidationLoss())
          .isLessThanOrEqualTo(beforeKill + 0.05);
      assertThat(Files.readString(log)).contains("resuming model charstream from version 2 (epoch 2");
    }
  }

  private static TrainingProgress awaitProgressInEpoch(Topics topics, int epoch) {
    try (TopicReader<String, TrainingProgress> reader = new TopicReader<>(TestKafka.connection(),
        topics.trainingProgress.name(), topics.trainingProgress.keySerde().deserializer(),
        topics.trainingProgress.valueSerde().deserializer(), true)) {
      var records = reader.readUntil(r -> !r.isEmpty() && r.get(r.size() - 1).value().getEpoch() == epoch
          && r.get(r.size() - 1).value().getBatch() >= 3, Duration.ofMinutes(2));
      return records.get(records.size() - 1).value();
    }
  }
}
