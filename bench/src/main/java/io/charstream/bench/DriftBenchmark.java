package io.charstream.bench;

import io.charstream.broker.EmbeddedKafkaBroker;
import io.charstream.events.EpochMetrics;
import io.charstream.events.ModelSnapshot;
import io.charstream.ingest.IngestService;
import io.charstream.ingest.IngestSettings;
import io.charstream.model.Batch;
import io.charstream.model.ModelBytes;
import io.charstream.model.Scores;
import io.charstream.model.Dl4jTraining;
import io.charstream.service.Config;
import io.charstream.service.TopicReader;
import io.charstream.service.vocab.VocabularyReader;
import io.charstream.service.vocab.VocabularyTable;
import io.charstream.trainer.TrainerService;
import io.charstream.trainer.TrainerSettings;
import io.charstream.windowing.WindowingService;
import io.charstream.windowing.WindowingSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A change in what the stream carries: one text streams (shuffled paragraphs, at a steady rate)
 * until the recent validation loss settles, then a text of another kind. Prints the validation
 * losses per epoch; at the end the minutes from the switch until the recent validation loss was
 * within 0.1 nats of its best on the new text, and the newest model's loss on the old text before
 * and after the switch. Ingest, windowing and the trainer run in this JVM on an embedded broker;
 * any charstream setting can be given as {@code --setting-name value}.
 */
public final class DriftBenchmark {
  private static final double SETTLED = 0.02;

  public static void main(String[] args) throws Exception {
    BenchOptions options = new BenchOptions(args, Set.of(), "drift [--first FILE] [--second FILE] [--rate 20000] "
        + "[--max-minutes 20] [--any-setting VALUE]");
    Path first = Path.of(options.get("first", "../shared/corpora/tinyshakespeare.txt"));
    Path second = options.all().containsKey("second") ? Path.of(options.get("second", "")) : null;
    int rate = options.getInt("rate", 20_000);
    double maxMinutes = Double.parseDouble(options.get("max-minutes", "20"));
    List<String> oldText = StreamText.paragraphs(Files.readString(first, StandardCharsets.UTF_8));
    List<String> newText = StreamText.paragraphs(second != null ? Files.readString(second, StandardCharsets.UTF_8) : javaSources());

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      Map<String, String> settings = new HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
          "topic.prefix", "drift.", "state.dir", Files.createTempDirectory("drift-state-").toString(),
          "idle.epochs", "0", "trainer.memory.chars", "1000000", "trainer.validation.memory.chars", "200000",
          "trainer.validation.recent.chars", "50000"));
      options.all().forEach((key, value) -> {
        if (!Set.of("first", "second", "rate", "max-minutes").contains(key)) {
          settings.put(key.replace('-', '.'), value);
        }
      });
      Config config = Config.of(settings);
      TrainerSettings trainer = TrainerSettings.from(config);
      System.out.printf("drift: %s (%,d paragraphs) then %s (%,d paragraphs) at %,d chars/s; memory %,d chars "
          + "(validation %,d, recent %,d)%n", first.getFileName(), oldText.size(),
          second == null ? "charstream's Java sources" : second.getFileName(), newText.size(), rate,
          trainer.memoryCharacters(), trainer.validationMemoryCharacters(), trainer.validationRecentCharacters());
      AtomicReference<List<String>> streaming = new AtomicReference<>(oldText);
      try (IngestService ingest = new IngestService(IngestSettings.from(config), "drift");
          WindowingService windowing = new WindowingService(WindowingSettings.from(config));
          TrainerService training = new TrainerService(trainer)) {
        ingest.start();
        windowing.start();
        training.start();
        Thread producer = new Thread(() -> produce(trainer, streaming, rate), "drift-producer");
        producer.setDaemon(true);
        producer.start();
        follow(trainer, streaming, newText, oldText, maxMinutes);
      }
    }
  }

  private static void follow(TrainerSettings trainer, AtomicReference<List<String>> streaming, List<String> newText,
      List<String> oldText, double maxMinutes) throws Exception {
    var topic = trainer.common().topics().trainingMetrics;
    long started = System.nanoTime();
    double switchedAt = -1;
    double oldLossBefore = Double.NaN;
    List<double[]> afterSwitch = new ArrayList<>(); // minutes since the switch, recent validation loss
    List<Double> recent = new ArrayList<>();
    try (TopicReader<String, EpochMetrics> reader = new TopicReader<>(trainer.common().kafka(), topic.name(),
        topic.keySerde().deserializer(), topic.valueSerde().deserializer(), true)) {
      while (minutes(started) < (switchedAt < 0 ? maxMinutes : switchedAt + maxMinutes)) {
        for (var record : reader.readUntil(r -> !r.isEmpty(), Duration.ofSeconds(5))) {
          EpochMetrics m = record.value();
          double at = minutes(started);
          System.out.printf("%6.1f min  %-5s epoch %3d  validation loss %s  recent validation loss %s  memory %,d chars  "
              + "consumed %,d%n", at, switchedAt < 0 ? "old" : "new", m.getEpoch(), format(m.getValidationLoss()),
              format(m.getRecentValidationLoss()), m.getMemoryCharacters(), m.getConsumedCharacters());
          if (m.getRecentValidationLoss() == null) {
            continue;
          }
          if (switchedAt < 0) {
            recent.add(m.getRecentValidationLoss());
            if (settled(recent) || at > maxMinutes / 2) {
              oldLossBefore = lossOn(trainer, oldText);
              switchedAt = at;
              streaming.set(newText);
              System.out.printf("%6.1f min  recent validation loss settled at %.4f (old text: %.4f); switching "
                  + "to the new text%n", at, m.getRecentValidationLoss(), oldLossBefore);
            }
          } else {
            afterSwitch.add(new double[] {at - switchedAt, m.getRecentValidationLoss()});
          }
        }
      }
    }
    double best = afterSwitch.stream().mapToDouble(e -> e[1]).min().orElse(Double.NaN);
    double within = afterSwitch.stream().filter(e -> e[1] <= best + 0.1).mapToDouble(e -> e[0]).findFirst()
        .orElse(Double.NaN);
    System.out.printf("new text: best recent validation loss %.4f; within 0.1 nats of it %.1f minutes after the "
        + "switch%n", best, within);
    System.out.printf("old text: loss %.4f before the switch, %.4f at the end%n", oldLossBefore,
        lossOn(trainer, oldText));
  }

  /** Settled: the last three recent validation losses within SETTLED nats of each other. */
  private static boolean settled(List<Double> losses) {
    if (losses.size() < 3) {
      return false;
    }
    List<Double> last = losses.subList(losses.size() - 3, losses.size());
    return Collections.max(last) - Collections.min(last) < SETTLED;
  }

  /** The newest snapshot's loss on windows of a text (200 windows of the trainer's length, evenly spread). */
  private static double lossOn(TrainerSettings trainer, List<String> paragraphs) {
    ModelSnapshot newest = StreamText.newestSnapshot(trainer.common().kafka(), trainer.common().topics(),
        "drift-models").orElse(null);
    if (newest == null) {
      return Double.NaN;
    }
    int capacity = trainer.common().vocabCapacity();
    VocabularyTable vocabulary = new VocabularyTable(capacity);
    try (VocabularyReader reader = new VocabularyReader(trainer.common().kafka(), trainer.common().topics().vocab,
        vocabulary, "drift-vocab")) {
      reader.catchUp();
    }
    int[] ids = vocabulary.encode(String.join("", paragraphs));
    int length = newest.getTrainingMemory().getWindowLength();
    List<int[]> windows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int start = (int) ((long) i * (ids.length - length) / 200);
      int[] window = new int[length];
      System.arraycopy(ids, start, window, 0, length);
      windows.add(window);
    }
    Dl4jTraining network = new Dl4jTraining(ModelBytes.read(newest.getModelBytes()));
    Scores scores = Scores.NONE;
    for (int from = 0; from < windows.size(); from += 50) {
      scores = scores.plus(network.evaluate(Batch.of(windows.subList(from, from + 50), capacity)));
    }
    return scores.loss();
  }

  private static void produce(TrainerSettings trainer, AtomicReference<List<String>> streaming, int rate) {
    Random random = new Random(11);
    String topic = trainer.common().topics().textRaw.name();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        trainer.common().kafka().producerConfig("drift-producer"), new StringSerializer(), new ByteArraySerializer())) {
      long started = System.nanoTime();
      long published = 0;
      StringBuilder pending = new StringBuilder();
      while (true) {
        long due = (long) ((System.nanoTime() - started) / 1e9 * rate) - published;
        while (pending.length() < due) {
          List<String> paragraphs = streaming.get();
          pending.append(paragraphs.get(random.nextInt(paragraphs.size())));
        }
        if (due > 0) {
          producer.send(new ProducerRecord<>(topic, "drift", pending.substring(0, (int) due)
              .getBytes(StandardCharsets.UTF_8)));
          pending.delete(0, (int) due);
          published += due;
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Text of another kind than prose or verse: this project's own Java sources. */
  private static String javaSources() throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(Path.of("."))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/"))
          .sorted().toList()) {
        text.append(Files.readString(file, StandardCharsets.UTF_8)).append("\n\n");
      }
    }
    return text.toString();
  }

  private static double minutes(long started) {
    return (System.nanoTime() - started) / 60e9;
  }

  private static String format(Double value) {
    return value == null ? "  -   " : String.format("%.4f", value);
  }
}
