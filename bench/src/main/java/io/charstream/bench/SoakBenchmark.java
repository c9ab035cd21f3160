package io.charstream.bench;

import io.charstream.broker.EmbeddedKafkaBroker;
import io.charstream.events.EpochMetrics;
import io.charstream.events.ModelSnapshot;
import io.charstream.schemas.Events;
import io.charstream.schemas.TopicCreator;
import io.charstream.schemas.TopicSettings;
import io.charstream.schemas.Topics;
import io.charstream.service.GroupLag;
import io.charstream.service.KafkaConnection;
import io.charstream.service.TopicReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The whole pipeline under a steady stream for a long time: an embedded broker in this JVM, the
 * four services each in a JVM of its own ({@code Charstream run}, the trainer's heap capped), text
 * published at a steady rate (shuffled paragraphs of the corpora, reshuffled each pass, so it never
 * simply repeats). Every minute it prints the trainer's heap after a full GC and its resident
 * memory (the peak of 10-second samples), each service's lag, the time since the last snapshot,
 * the last epoch's duration and the characters consumed; at the end, the figures the stream issue
 * asks about. {@code --classpath} runs another build's services (the code before a change) under
 * the same harness.
 */
public final class SoakBenchmark {
  private static final String PREFIX = "soak.";
  private static final String[] SERVICES = {"ingest", "windowing", "trainer", "generator"};

  public static void main(String[] args) throws Exception {
    BenchOptions options = new BenchOptions(args, Set.of("minutes", "rate", "trainer-java-opts", "classpath", "corpus"),
        "soak [--minutes 30] [--rate 50000] [--trainer-java-opts \"-Xmx1g ...\" (default: docker/trainer.env's)] "
            + "[--classpath CP] [--corpus FILE]");
    int minutes = options.getInt("minutes", 30);
    int rate = options.getInt("rate", 50_000);
    List<String> trainerJavaOpts = javaOptions(options.get("trainer-java-opts", TrainerJvm.options()));
    String classpath = options.get("classpath", System.getProperty("java.class.path"));
    List<String> paragraphs = paragraphs(Path.of(options.get("corpus", "../shared/corpora/tinyshakespeare.txt")));
    Path work = Files.createTempDirectory("charstream-soak-");
    System.out.printf("soak: %d minutes at %,d characters/s; trainer JVM %s; %,d paragraphs; logs in %s%n", minutes,
        rate, String.join(" ", trainerJavaOpts), paragraphs.size(), work);

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      String bootstrap = broker.bootstrapServers();
      KafkaConnection kafka = KafkaConnection.to(bootstrap);
      // The catalogue's topics up front (as the services would make them), so that watching starts at once.
      try (Admin admin = kafka.admin("soak-topics")) {
        TopicCreator.ensure(admin, new Topics(TopicSettings.defaults().withPrefix(PREFIX)).all(), 30_000);
      }
      Map<String, Process> services = new HashMap<>();
      for (String service : SERVICES) {
        services.put(service, start(service, classpath, bootstrap, work,
            service.equals("trainer") ? trainerJavaOpts : List.of("-Xmx512m")));
      }
      AtomicBoolean producing = new AtomicBoolean(true);
      AtomicLong published = new AtomicLong();
      Thread producer = new Thread(() -> produce(bootstrap, paragraphs, rate, producing, published), "soak-producer");
      producer.start();
      try {
        watch(kafka, services, minutes, published);
      } finally {
        producing.set(false);
        producer.join();
        services.values().forEach(Process::destroy);
        for (Process process : services.values()) {
          process.waitFor();
        }
      }
    }
  }

  private static List<String> javaOptions(String line) {
    return List.of(line.trim().split("\\s+"));
  }

  private static Process start(String service, String classpath, String bootstrap, Path work, List<String> javaOpts)
      throws IOException {
    Path log = work.resolve(service + ".log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(javaOpts);
    command.addAll(List.of("--add-modules", "jdk.incubator.vector", "-cp", classpath, "io.charstream.cli.Charstream",
        "run", service, "--bootstrap-servers", bootstrap, "--topic-prefix", PREFIX, "--instance-id", "soak",
        "--state-dir", work.resolve("state-" + service).toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("OMP_NUM_THREADS", "1");
    builder.environment().put("OPENBLAS_NUM_THREADS", "1");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return builder.start();
  }

  /** Paragraphs (blank-line separated) of the corpus and of the demo's shipped text. */
  private static List<String> paragraphs(Path corpus) throws IOException {
    List<String> texts = new ArrayList<>();
    texts.add(Files.readString(corpus, StandardCharsets.UTF_8));
    try (InputStream demo = SoakBenchmark.class.getResourceAsStream("/io/charstream/cli/devils-dictionary.txt")) {
      if (demo != null) {
        texts.add(new String(demo.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    List<String> paragraphs = new ArrayList<>();
    texts.forEach(text -> paragraphs.addAll(StreamText.paragraphs(text)));
    return paragraphs;
  }

  /** One keyed document, appended to ten times a second at the given rate. */
  private static void produce(String bootstrap, List<String> paragraphs, int rate, AtomicBoolean producing,
      AtomicLong published) {
    Random random = new Random(7);
    List<String> order = new ArrayList<>(paragraphs);
    int next = order.size();
    StringBuilder pending = new StringBuilder();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        KafkaConnection.to(bootstrap).producerConfig("soak-producer"), new StringSerializer(),
        new ByteArraySerializer())) {
      long started = System.nanoTime();
      while (producing.get()) {
        long due = (long) ((System.nanoTime() - started) / 1e9 * rate) - published.get();
        while (pending.length() < due) {
          if (next == order.size()) {
            Collections.shuffle(order, random);
            next = 0;
          }
          pending.append(order.get(next++));
        }
        if (due > 0) {
          String piece = pending.substring(0, (int) due);
          pending.delete(0, (int) due);
          producer.send(new ProducerRecord<>(PREFIX + Topics.TEXT_RAW, "soak", piece.getBytes(StandardCharsets.UTF_8)));
          published.addAndGet(due);
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Minute(int minute, double heapMb, double peakRssMb, long ingestLag, long windowingLag,
      long trainerLag, double sinceSnapshotS, double epochS, long consumed, int epochs) {}

  private static void watch(KafkaConnection kafka, Map<String, Process> services, int minutes, AtomicLong published)
      throws Exception {
    Topics topics = new Topics(TopicSettings.defaults().withPrefix(PREFIX));
    List<Minute> rows = new ArrayList<>();
    List<EpochMetrics> epochs = new ArrayList<>();
    long trainerPid = services.get("trainer").pid();
    System.out.printf("%6s %9s %9s %10s %10s %10s %9s %8s %14s %6s %14s%n", "minute", "heap MB", "peak RSS", "lag ingest",
        "lag window", "lag trainer", "snap age", "epoch s", "consumed", "epochs", "published");
    try (Admin admin = kafka.admin("soak-admin");
        TopicReader<String, byte[]> metrics = new TopicReader<>(kafka, "soak-metrics",
            List.of(topics.trainingMetrics.name()), new StringDeserializer(), new ByteArrayDeserializer(), true)) {
      long start = System.nanoTime();
      for (int minute = 1; minute <= minutes; minute++) {
        double peakRss = 0;
        while (System.nanoTime() - start < minute * 60_000_000_000L) {
          peakRss = Math.max(peakRss, residentMb(trainerPid));
          for (var entry : services.entrySet()) {
            if (!entry.getValue().isAlive()) {
              throw new IllegalStateException(entry.getKey() + " exited with " + entry.getValue().exitValue()
                  + " at minute " + minute + " (its log is in the soak's directory)");
            }
          }
          Thread.sleep(10_000);
        }
        metrics.readToCurrentEnd(record -> epochs.add(Events.EPOCH_METRICS.decode(record.value())));
        EpochMetrics last = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
        Minute row = new Minute(minute, heapAfterGcMb(trainerPid), peakRss,
            GroupLag.of(admin, PREFIX + "charstream-ingest", topics.textRaw.name()),
            GroupLag.of(admin, PREFIX + "charstream-windowing", topics.textIds.name()),
            trainerLag(kafka, admin, topics),
            last == null ? Double.NaN : (System.currentTimeMillis() - last.getTimestampMs()) / 1000.0,
            last == null ? Double.NaN : last.getWallTimeMs() / 1000.0,
            last == null ? 0 : consumed(last), epochs.size());
        rows.add(row);
        System.out.printf("%6d %9.0f %9.0f %10d %10d %10s %9.0f %8.0f %,14d %6d %,14d%n", row.minute(), row.heapMb(),
            row.peakRssMb(), row.ingestLag(), row.windowingLag(), row.trainerLag() < 0 ? "-" : row.trainerLag(),
            row.sinceSnapshotS(), row.epochS(), row.consumed(), row.epochs(), published.get());
      }
    }
    summarise(rows, epochs);
  }

  /** Characters consumed: recorded by the trainer where it records them, else the epoch's windows (the old trainer held all). */
  private static long consumed(EpochMetrics metrics) {
    return metrics.getConsumedCharacters() > 0 ? metrics.getConsumedCharacters() : metrics.getCharactersSeen();
  }

  private static void summarise(List<Minute> rows, List<EpochMetrics> epochs) {
    if (rows.size() < 11) {
      System.out.println("(the summary needs at least 11 minutes)");
      return;
    }
    // Memory is judged against minute 10, by every minute after it (the last 20 of a 30-minute run).
    Minute ten = rows.get(9);
    List<Minute> afterTen = rows.subList(10, rows.size());
    String span = "minutes 11-" + rows.size();
    double maxHeap = afterTen.stream().mapToDouble(Minute::heapMb).max().orElse(0);
    double maxRss = afterTen.stream().mapToDouble(Minute::peakRssMb).max().orElse(0);
    System.out.printf("heap after GC: minute 10 %.0f MB, max over %s %.0f MB (%+.1f%%)%n", ten.heapMb(), span,
        maxHeap, 100 * (maxHeap / ten.heapMb() - 1));
    System.out.printf("peak resident memory: minute 10 %.0f MB, max over %s %.0f MB (%+.1f%%)%n", ten.peakRssMb(),
        span, maxRss, 100 * (maxRss / ten.peakRssMb() - 1));
    List<Minute> lastTen = rows.subList(rows.size() - 10, rows.size());
    Minute first = lastTen.get(0);
    Minute end = lastTen.get(lastTen.size() - 1);
    System.out.printf("lag over the last 10 minutes (records, first -> last, max): ingest %d -> %d (%d), windowing "
        + "%d -> %d (%d), trainer %s -> %s (%s)%n", first.ingestLag(), end.ingestLag(),
        lastTen.stream().mapToLong(Minute::ingestLag).max().orElse(0), first.windowingLag(), end.windowingLag(),
        lastTen.stream().mapToLong(Minute::windowingLag).max().orElse(0), first.trainerLag(), end.trainerLag(),
        lastTen.stream().mapToLong(Minute::trainerLag).max().orElse(0));
    System.out.printf("epoch durations: %s s%n", epochs.stream().map(m -> String.format("%.0f", m.getWallTimeMs() / 1000.0))
        .toList());
  }

  private static double residentMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      // the process is gone: the liveness check reports it
    }
    return 0;
  }

  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  /** The trainer's live heap: a full GC asked of it with jcmd, then its heap's used size. */
  private static double heapAfterGcMb(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    Matcher used = USED.matcher(jcmd(pid, "GC.heap_info"));
    return used.find() ? Long.parseLong(used.group(1)) / 1024.0 : Double.NaN;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid), command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return output;
  }

  private static Map<TopicPartition, Long> ends(Admin admin, String topic)
      throws InterruptedException, ExecutionException {
    var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
        .forEach((p, info) -> ends.put(p, info.offset()));
    return ends;
  }

  /** Training sequences after the offsets the newest snapshot records; -1 where snapshots record none. */
  private static long trainerLag(KafkaConnection kafka, Admin admin, Topics topics) throws Exception {
    ModelSnapshot newest = StreamText.newestSnapshot(kafka, topics, "soak-models").orElse(null);
    if (newest == null || newest.getConsumedOffsets().isEmpty()) {
      return -1;
    }
    Map<TopicPartition, Long> ends = ends(admin, topics.sequencesTrain.name());
    long lag = 0;
    for (var offset : newest.getConsumedOffsets()) {
      TopicPartition partition = new TopicPartition(offset.getTopic(), offset.getPartition());
      if (ends.containsKey(partition)) {
        lag += ends.get(partition) - offset.getOffset();
      }
    }
    return lag;
  }
}
