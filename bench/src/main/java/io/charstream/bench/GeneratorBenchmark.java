package io.charstream.bench;

import io.charstream.broker.EmbeddedKafkaBroker;
import io.charstream.events.EpochMetrics;
import io.charstream.events.Generation;
import io.charstream.events.ModelSnapshot;
import io.charstream.events.PromptRequest;
import io.charstream.events.VocabEntry;
import io.charstream.generator.ContinuationGenerator;
import io.charstream.generator.GeneratorService;
import io.charstream.generator.GeneratorSettings;
import io.charstream.generator.ServedModel;
import io.charstream.model.CharModel;
import io.charstream.model.ModelBytes;
import io.charstream.model.ModelSettings;
import io.charstream.model.cell.Cells;
import io.charstream.schemas.Events;
import io.charstream.schemas.ModelKey;
import io.charstream.schemas.TopicCreator;
import io.charstream.schemas.Topics;
import io.charstream.service.Config;
import io.charstream.service.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The generator's speed: milliseconds per generated character at batch 1 for the LSTM-256 model,
 * next to the PyTorch reference; then prompt-to-answer latency through the broker (p50, p99) and
 * aggregate characters/s for 200-character continuations with 1, 8 and 32 requests in flight.
 */
public final class GeneratorBenchmark {

  public static void main(String[] args) throws Exception {
    BenchOptions options = new BenchOptions(args, Set.of("hidden", "rounds", "threads"),
        "generator [--hidden 256] [--rounds 10] [--threads N (generator.threads; default: up to 2)]");
    int hidden = options.getInt("hidden", 256);
    int rounds = options.getInt("rounds", 10);
    Corpus corpus = Corpus.read(Path.of("../shared/corpora/tinyshakespeare.txt"));
    ModelSnapshot snapshot = snapshot(corpus, hidden);

    ServedModel model = ServedModel.load(snapshot);
    ContinuationGenerator alone = new ContinuationGenerator(1);
    for (int warmUp = 0; warmUp < 5; warmUp++) {
      alone.generate(model, List.of(job(model, 500, 1)));
    }
    long started = System.nanoTime();
    alone.generate(model, List.of(job(model, 2000, 2)));
    double msPerChar = (System.nanoTime() - started) / 1e6 / 2000;
    System.out.printf("charstream LSTM %d, batch 1: %.3f ms per generated character%n", hidden, msPerChar);
    Optional<String> reference = TorchReference.run(List.of("--hidden", Integer.toString(hidden), "--timed", "5", "--gen", "2000",
        "--warmup", "2"));
    reference.ifPresent(json -> {
      double torch = TorchReference.number(json, "gen_ms_per_char");
      System.out.printf("pytorch    LSTM %d, batch 1: %.3f ms per character -> charstream is %.1fx PyTorch's time "
          + "(target <= 2x)%n", hidden, torch, msPerChar / torch);
    });

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      Map<String, String> settings = new HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
          "topic.prefix", "gen.", "model.name", "bench",
          "state.dir", Files.createTempDirectory("gen-state-").toString()));
      settings.put(GeneratorSettings.THREADS.key(), options.get("threads", GeneratorSettings.THREADS.defaultValue()));
      GeneratorSettings generatorSettings = GeneratorSettings.from(Config.of(settings));
      Topics topics = generatorSettings.common().topics();
      try (var admin = generatorSettings.common().kafka().admin("bench")) {
        TopicCreator.ensure(admin, topics.all(), 10_000);
      }
      Map<String, Object> producerConfig = generatorSettings.common().kafka().producerConfig("bench");
      producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, topics.settings().maxSnapshotBytes() + (1 << 20));
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
          new ByteArraySerializer());
          GeneratorService generator = new GeneratorService(generatorSettings, "bench")) {
        producer.send(new ProducerRecord<>(topics.models.name(), ModelKey.of("bench", 1),
            Events.MODEL_SNAPSHOT.encode(snapshot))).get();
        generator.start();
        inFlight(generatorSettings, producer, 1, 1, "warm-up");
        double single = 0;
        for (int n : new int[] {1, 8, 32}) {
          double aggregate = inFlight(generatorSettings, producer, n, rounds, null);
          if (n == 1) {
            single = aggregate;
          } else {
            System.out.printf("  %d in flight: %.1fx the aggregate of 1%s%n", n, aggregate / single,
                n == 32 ? " (target >= 8x)" : "");
          }
        }
      }
    }
    System.out.printf("peak resident memory of this JVM: %s%n", TrainerSpeedBenchmark.peakRss());
  }

  private static ContinuationGenerator.Job job(ServedModel model, int length, long seed) {
    return new ContinuationGenerator.Job(model.vocabularyIds("ROMEO:\n"), length, 1.0, 0, new Random(seed));
  }

  /** Sends n requests at once, rounds times; prints latency percentiles and returns aggregate chars/s. */
  private static double inFlight(GeneratorSettings settings, KafkaProducer<String, byte[]> producer, int n, int rounds,
      String label) {
    Topics topics = settings.common().topics();
    List<Double> latencies = new ArrayList<>();
    long chars = 0;
    long totalNanos = 0;
    for (int round = 0; round < rounds; round++) {
      try (TopicReader<String, Generation> answers = new TopicReader<>(settings.common().kafka(),
          topics.generations.name(), topics.generations.keySerde().deserializer(),
          topics.generations.valueSerde().deserializer(), false)) {
        Map<String, Long> sentAt = new HashMap<>();
        long roundStart = System.nanoTime();
        for (int i = 0; i < n; i++) {
          String id = (label == null ? "n" + n : label) + "-" + round + "-" + i + "-" + System.nanoTime();
          PromptRequest request = PromptRequest.newBuilder().setRequestId(id).setPrompt("ROMEO:\n").setMaxChars(200)
              .setTemperature(1.0).setSeed((long) i).build();
          sentAt.put(id, System.nanoTime());
          producer.send(new ProducerRecord<>(topics.prompts.name(), id, Events.PROMPT_REQUEST.encode(request)));
        }
        producer.flush();
        Set<String> pending = new HashSet<>(sentAt.keySet());
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
          for (var record : answers.readUntil(r -> !r.isEmpty(), Duration.ofMillis(200))) {
            if (pending.remove(record.key())) {
              latencies.add((System.nanoTime() - sentAt.get(record.key())) / 1e6);
              chars += record.value().getText() == null ? 0 : record.value().getText().length();
            }
          }
        }
        totalNanos += System.nanoTime() - roundStart;
      }
    }
    Collections.sort(latencies);
    double aggregate = chars / (totalNanos / 1e9);
    if (label == null) {
      System.out.printf("through the broker, %2d in flight: p50 %6.0f ms, p99 %6.0f ms, aggregate %,8.0f chars/s "
          + "(%d requests of 200 characters)%n", n, percentile(latencies, 0.5), percentile(latencies, 0.99), aggregate,
          latencies.size());
    }
    return aggregate;
  }

  private static double percentile(List<Double> sorted, double p) {
    return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
  }

  /** An untrained LSTM model over tinyshakespeare's vocabulary: the speed does not depend on the weights. */
  private static ModelSnapshot snapshot(Corpus corpus, int hidden) {
    Set<Integer> ids = new HashSet<>();
    IntStream.range(1, corpus.vocabularySize).forEach(ids::add);
    var network = CharModel.create(new ModelSettings(64, hidden, 1, 0, 5, 2e-3, 42, Cells.LSTM, true), corpus.vocabularySize, ids);
    List<VocabEntry> vocab = new ArrayList<>();
    corpus.characters().forEach((character, id) -> vocab.add(new VocabEntry(character, id)));
    EpochMetrics metrics = EpochMetrics.newBuilder().setModelName("bench").setVersion(1).setEpoch(1).setTrainLoss(0)
        .setTrainAccuracy(0).setSequencesSeen(0).setCharactersSeen(0).setCharactersPerSecond(0).setWallTimeMs(0)
        .setTimestampMs(0).build();
    return ModelSnapshot.newBuilder().setModelName("bench").setVersion(1).setEpoch(1).setMetrics(metrics)
        .setBest(true).setVocab(vocab).setVocabCapacity(corpus.vocabularySize)
        .setModelBytes(ModelBytes.write(network)).build();
  }
}
