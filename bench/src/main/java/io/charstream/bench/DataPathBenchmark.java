package io.charstream.bench;

import io.charstream.broker.EmbeddedKafkaBroker;
import io.charstream.cli.kafka.TextPublisher;
import io.charstream.events.Sequence;
import io.charstream.ingest.IngestService;
import io.charstream.ingest.IngestSettings;
import io.charstream.schemas.Events;
import io.charstream.schemas.Topic;
import io.charstream.schemas.TopicCreator;
import io.charstream.service.CommonSettings;
import io.charstream.service.Config;
import io.charstream.windowing.SplitPolicy;
import io.charstream.windowing.WindowingService;
import io.charstream.windowing.WindowingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Pushes a corpus through ingest and windowing on the embedded broker and prints characters/s
 * and sequences/s end to end, next to Kafka's own producer throughput on the same broker for
 * records of a Sequence event's size, measured one after the other in this run.
 *
 * <p>Options: {@code --corpus FILE} (default ../shared/corpora/tinyshakespeare.txt),
 * {@code --window N} (100), {@code --stride N} (1), {@code --rounds N} (3), and any charstream setting as {@code --setting-name VALUE}.
 */
public final class DataPathBenchmark {

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    Path corpus = Path.of(options.getOrDefault("corpus", "../shared/corpora/tinyshakespeare.txt"));
    int window = Integer.parseInt(options.getOrDefault("window", "100"));
    int stride = Integer.parseInt(options.getOrDefault("stride", "1"));
    byte[] text = Files.readAllBytes(corpus);
    long chars = Normalizer.normalize(new String(text, java.nio.charset.StandardCharsets.UTF_8),
        Normalizer.Form.NFC).codePoints().count();

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      Map<String, String> settings = new HashMap<>(Map.of(
          "bootstrap.servers", broker.bootstrapServers(), "topic.prefix", "bench.",
          "state.dir", Files.createTempDirectory("bench-state-").toString(),
          "window.length", Integer.toString(window), "window.stride", Integer.toString(stride)));
      // Any other option is a charstream setting, e.g. --windowing-commit-interval-ms 500.
      options.forEach((key, value) -> {
        if (!List.of("corpus", "window", "stride", "rounds").contains(key)) {
          settings.put(key.replace('-', '.'), value);
        }
      });
      // The first 90% of the windows train, the last 10% validate: one split block over the whole corpus.
      long windows = chars < window ? 0 : (chars - window) / stride + 1;
      settings.put("split.block", Long.toString(Math.max(1, windows)));
      Config config = Config.of(settings);
      WindowingSettings windowing = WindowingSettings.from(config);
      long expected = expectedSequences(chars, windowing);
      System.out.printf("corpus %s: %,d characters; window %d, stride %d, gap %d -> %,d sequences%n",
          corpus.getFileName(), chars, window, stride, windowing.splitGap(), expected);

      byte[] sequenceRecord = Events.SEQUENCE.encode(sampleSequence(window));
      int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
      List<Double> ratios = new ArrayList<>();
      try (Pipeline pipeline = new Pipeline(config, windowing)) {
        for (int round = 1; round <= rounds; round++) {
          double producerRate = producerRecordsPerSecond(windowing.common(), round, expected, sequenceRecord);
          Duration elapsed = pipeline.publishAndAwait("tinyshakespeare-" + round, text);
          double seconds = elapsed.toNanos() / 1e9;
          double sequenceRate = expected / seconds;
          ratios.add(sequenceRate / producerRate);
          System.out.printf("round %d: kafka producer alone %,9.0f records/s | ingest + windowing %,9.0f sequences/s, "
              + "%,9.0f characters/s (%.1f s) | ratio %.2f%n", round, producerRate, sequenceRate, chars / seconds,
              seconds, sequenceRate / producerRate);
        }
        pipeline.checkCount(rounds * expected);
      }
      ratios.sort(Double::compare);
      System.out.printf("producer: %d-byte records (a Sequence of %d ids), linger 10 ms, batch 256 KiB, acks=all, "
          + "idempotent: the producer settings windowing uses%n", sequenceRecord.length, window);
      System.out.printf("median ratio of sequences/s to the producer's records/s: %.2f (target >= 0.5)%n",
          ratios.get(ratios.size() / 2));
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("usage: data-path [--corpus FILE] [--window N] [--stride N]");
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }

  private static long expectedSequences(long chars, WindowingSettings windowing) {
    long windows = chars < windowing.windowLength() ? 0 : (chars - windowing.windowLength()) / windowing.stride() + 1;
    SplitPolicy split = windowing.splitPolicy();
    long kept = 0;
    for (long k = 0; k < windows; k++) {
      if (split.assign(k) != SplitPolicy.Split.DROPPED) {
        kept++;
      }
    }
    return kept;
  }

  private static Sequence sampleSequence(int window) {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < window; i++) {
      ids.add(1 + (i * 31) % 64);
    }
    return new Sequence("tinyshakespeare.txt", 123_456L, ids);
  }

  /** Kafka's own producer, with the producer settings windowing uses, on a topic like the sequence topics. */
  private static double producerRecordsPerSecond(CommonSettings common, int round, long records, byte[] value)
      throws Exception {
    String topic = "bench.producer-baseline-" + round;
    try (Admin admin = common.kafka().admin("bench-admin")) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    Map<String, Object> config = common.kafka().producerConfig("bench-producer");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
        new ByteArraySerializer())) {
      long start = System.nanoTime();
      for (long i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(topic, "tinyshakespeare.txt", value));
      }
      producer.flush();
      return records / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** Ingest and windowing running on the broker; each round publishes the corpus as a new document. */
  private static final class Pipeline implements AutoCloseable {
    private final CommonSettings common;
    private final IngestService ingest;
    private final WindowingService windows;
    private final Admin admin;
    private final List<TopicPartition> partitions = new ArrayList<>();

    Pipeline(Config config, WindowingSettings windowing) throws Exception {
      common = windowing.common();
      admin = common.kafka().admin("bench-offsets");
      TopicCreator.ensure(admin, common.topics().all(), 10_000);
      for (Topic<?, ?> topic : List.of(common.topics().sequencesTrain, common.topics().sequencesValidation)) {
        partitions.add(new TopicPartition(topic.name(), 0));
      }
      ingest = new IngestService(IngestSettings.from(config), "bench");
      windows = new WindowingService(windowing);
      ingest.start();
      windows.start();
    }

    /**
     * Publishes and waits until the sequence topics' last stable offsets stop moving. Watching
     * offsets instead of consuming: a consumer parsing a million records would take a core from
     * the pipeline it measures. The count is checked afterwards.
     */
    Duration publishAndAwait(String docId, byte[] text) throws Exception {
      long start = System.nanoTime();
      TextPublisher.publish(common, docId, text, 64 * 1024);
      long deadline = start + Duration.ofMinutes(20).toNanos();
      long lastOffsets = committedEndOffsets(admin, partitions);
      long lastChange = System.nanoTime();
      while (System.nanoTime() < deadline && System.nanoTime() - lastChange < Duration.ofSeconds(3).toNanos()) {
        long offsets = committedEndOffsets(admin, partitions);
        if (offsets != lastOffsets) {
          lastOffsets = offsets;
          lastChange = System.nanoTime();
        }
        Thread.sleep(20);
      }
      return Duration.ofNanos(lastChange - start);
    }

    void checkCount(long expected) {
      long seen = countRecords(common, partitions);
      if (seen != expected) {
        throw new IllegalStateException(seen + " sequences arrived, " + expected + " expected");
      }
      System.out.printf("checked: %,d sequences committed, each window exactly once by count%n", seen);
    }

    @Override
    public void close() {
      windows.close();
      ingest.close();
      admin.close();
    }
  }

  private static long committedEndOffsets(Admin admin, List<TopicPartition> partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
    long sum = 0;
    var result = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
    for (var info : result.values()) {
      sum += info.offset();
    }
    return sum;
  }

  private static long countRecords(CommonSettings common, List<TopicPartition> partitions) {
    try (KafkaConsumer<byte[], byte[]> counter = new KafkaConsumer<>(common.kafka().consumerConfig("bench-counter"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      counter.assign(partitions);
      counter.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = counter.endOffsets(partitions);
      long seen = 0;
      while (partitions.stream().anyMatch(p -> counter.position(p) < end.get(p))) {
        seen += counter.poll(Duration.ofMillis(100)).count();
      }
      return seen;
    }
  }
}
