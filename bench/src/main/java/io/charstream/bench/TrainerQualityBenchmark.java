package io.charstream.bench;

import io.charstream.broker.EmbeddedKafkaBroker;
import io.charstream.cli.kafka.TextPublisher;
import io.charstream.events.EpochMetrics;
import io.charstream.ingest.IngestService;
import io.charstream.ingest.IngestSettings;
import io.charstream.service.Config;
import io.charstream.service.TopicReader;
import io.charstream.trainer.TrainerService;
import io.charstream.trainer.TrainerSettings;
import io.charstream.windowing.WindowingService;
import io.charstream.windowing.WindowingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * tinyshakespeare through the whole pipeline (ingest, windowing, trainer) on the embedded broker,
 * first 90% train and last 10% validation, contiguous; the default model; prints each epoch's
 * validation loss (nats/char, the whole validation split in non-overlapping windows, each from a
 * zero state) with the wall time since the text was published, until the time budget is spent.
 * Any charstream setting can be given as {@code --setting-name value}.
 */
public final class TrainerQualityBenchmark {

  public static void main(String[] args) throws Exception {
    BenchOptions options = new BenchOptions(args, Set.of(), "trainer-quality [--minutes 60] [--corpus FILE] "
        + "[--any-setting VALUE]");
    double minutes = Double.parseDouble(options.get("minutes", "60"));
    Path corpus = Path.of(options.get("corpus", "../shared/corpora/tinyshakespeare.txt"));
    byte[] text = Files.readAllBytes(corpus);
    long characters = new String(text, java.nio.charset.StandardCharsets.UTF_8).codePoints().count();

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      Map<String, String> settings = new HashMap<>(Map.of(
          "bootstrap.servers", broker.bootstrapServers(), "topic.prefix", "quality.",
          "state.dir", Files.createTempDirectory("quality-state-").toString(),
          "validation.fraction", "0.1", "idle.epochs", "0"));
      options.all().forEach((key, value) -> {
        if (!key.equals("minutes") && !key.equals("corpus")) {
          settings.put(key.replace('-', '.'), value);
        }
      });
      WindowingSettings windows = WindowingSettings.from(Config.of(settings));
      int length = windows.windowLength();
      int stride = windows.stride();
      // One split block over the whole text: the first 90% of windows train, the last 10% validate.
      settings.putIfAbsent("split.block", Long.toString((characters - length) / stride + 1));
      Config config = Config.of(settings);
      TrainerSettings trainer = TrainerSettings.from(config);
      System.out.printf("%s: %,d characters; window %d, stride %d; model: %s, batch %d; budget %s minutes%n",
          corpus.getFileName(), characters, length, stride, trainer.model().summary(), trainer.batchSize(),
          options.get("minutes", "60"));

      try (IngestService ingest = new IngestService(IngestSettings.from(config), "quality");
          WindowingService windowing = new WindowingService(WindowingSettings.from(config));
          TrainerService training = new TrainerService(trainer)) {
        ingest.start();
        windowing.start();
        long started = System.nanoTime();
        TextPublisher.publish(trainer.common(), corpus.getFileName().toString(), text, 64 * 1024);
        training.start();
        follow(trainer, started, minutes);
      }
    }
  }

  private static void follow(TrainerSettings trainer, long started, double minutes) {
    var topic = trainer.common().topics().trainingMetrics;
    long deadline = started + (long) (minutes * 60e9);
    Double best = null;
    double bestAt = 0;
    try (TopicReader<String, EpochMetrics> reader = new TopicReader<>(trainer.common().kafka(), topic.name(),
        topic.keySerde().deserializer(), topic.valueSerde().deserializer(), true)) {
      while (System.nanoTime() < deadline) {
        for (var record : reader.readUntil(r -> !r.isEmpty(), Duration.ofSeconds(5))) {
          EpochMetrics m = record.value();
          double at = (System.nanoTime() - started) / 60e9;
          if (m.getValidationLoss() != null && (best == null || m.getValidationLoss() < best)) {
            best = m.getValidationLoss();
            bestAt = at;
          }
          System.out.printf("%6.1f min  epoch %3d  train loss %.4f  validation loss %s  accuracy %s  "
              + "%,.0f chars/s  best %s%n", at, m.getEpoch(), m.getTrainLoss(), format(m.getValidationLoss()),
              format(m.getValidationAccuracy()), m.getCharactersPerSecond(), format(best));
        }
      }
    }
    if (best == null) {
      System.out.printf("no epoch with a validation loss within %.1f minutes: give it a larger --minutes%n", minutes);
    } else {
      System.out.printf("best validation loss %.4f at %.1f min (target <= 1.45 within 60 min)%n", best, bestAt);
    }
  }

  /** An epoch before any validation sequence arrived has no validation figures (nor a best one). */
  private static String format(Double value) {
    return value == null ? "  -   " : String.format("%.4f", value);
  }
}
