package io.charstream.bench;

import io.charstream.broker.EmbeddedKafkaBroker;
import io.charstream.cli.kafka.PipelineDrain;
import io.charstream.cli.kafka.PromptClient;
import io.charstream.cli.kafka.TextPublisher;
import io.charstream.events.EpochMetrics;
import io.charstream.events.Generation;
import io.charstream.events.PromptRequest;
import io.charstream.schemas.Events;
import io.charstream.schemas.TopicCreator;
import io.charstream.schemas.Topics;
import io.charstream.service.CommonSettings;
import io.charstream.service.Config;
import io.charstream.service.TopicReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What failures cost, on a three-node embedded cluster with the services as processes of their
 * own ({@code Charstream run}, named instances): prompt latency when a generator is SIGKILLed and
 * restarted at once, and when one of two is SIGKILLed for good; how long a standby trainer takes
 * to publish an epoch after the active one is SIGKILLed; and whether user commands (prompts,
 * publishing) see an error, or anything is lost, when a broker is stopped under load.
 */
public final class FailoverBenchmark {
  private static final int RATE = 20; // prompts per second

  public static void main(String[] args) throws Exception {
    BenchOptions options = new BenchOptions(args, Set.of("corpus"), "failover [--corpus FILE]");
    String text = Files.readString(Path.of(options.get("corpus", "../shared/corpora/tinyshakespeare.txt")),
        StandardCharsets.UTF_8).substring(0, 200_000);
    Path logs = Files.createTempDirectory("charstream-failover-");
    System.out.println("failover: 3-node cluster; logs in " + logs);
    try (EmbeddedKafkaBroker cluster = EmbeddedKafkaBroker.start(3, 0, null)) {
      Map<String, String> settings = new HashMap<>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
          "topic.prefix", "failover.", "hidden.size", "64", "embedding.size", "16", "idle.epochs", "0",
          "trainer.memory.chars", "40000", "trainer.validation.memory.chars", "8000"));
      CommonSettings common = CommonSettings.from(Config.of(settings));
      try (Admin admin = common.kafka().admin("failover-topics")) {
        TopicCreator.ensure(admin, common.topics().all(), 30_000);
      }
      List<Process> processes = new ArrayList<>();
      try {
        for (String service : List.of("ingest", "windowing")) {
          processes.add(start(service, service, settings, logs));
        }
        TextPublisher.publish(common, "failover", text.getBytes(StandardCharsets.UTF_8), 64 * 1024);
        PipelineDrain.await(common, Duration.ofMinutes(5), () -> false);

        Process active = start("trainer", "trainer-1", settings, logs);
        processes.add(active);
        awaitEpochs(common, 1, Duration.ofMinutes(5));
        Process standby = start("trainer", "trainer-2", settings, logs);
        processes.add(standby);
        standbyTakeover(common, active);

        Process first = start("generator", "generator-1", settings, logs);
        processes.add(first);
        latency("a generator SIGKILLed and restarted at once", common, () -> {
          first.destroyForcibly().waitFor();
          processes.add(start("generator", "generator-1", settings, logs));
        });
        Process second = start("generator", "generator-2", settings, logs);
        processes.add(second);
        Thread.sleep(15_000); // both members in the group
        latency("one of two generators SIGKILLed, not restarted", common, () -> second.destroyForcibly().waitFor());

        brokerStoppedUnderLoad(cluster, common, text);
      } finally {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
          process.waitFor();
        }
      }
    }
  }

  private static Process start(String service, String instance, Map<String, String> settings, Path logs)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        "io.charstream.cli.Charstream", "run", service, "--instance-id", instance));
    settings.forEach((key, value) -> command.addAll(List.of("--" + key.replace('.', '-'), value)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(instance + ".log").toFile()));
    builder.environment().put("OMP_NUM_THREADS", "1");
    builder.environment().put("OPENBLAS_NUM_THREADS", "1");
    return builder.start();
  }

  private static List<EpochMetrics> awaitEpochs(CommonSettings common, int count, Duration timeout) {
    Topics topics = common.topics();
    try (TopicReader<String, byte[]> reader = new TopicReader<>(common.kafka(), "failover-metrics",
        List.of(topics.trainingMetrics.name()), new StringDeserializer(), new ByteArrayDeserializer(), true)) {
      return reader.readUntil(r -> r.size() >= count, timeout).stream()
          .map(r -> Events.EPOCH_METRICS.decode(r.value())).toList();
    }
  }

  /** The active trainer SIGKILLed: seconds until the next epoch's metrics, which only the standby can publish. */
  private static void standbyTakeover(CommonSettings common, Process active) throws Exception {
    Thread.sleep(5_000); // the standby has joined the group
    long killed = System.nanoTime();
    active.destroyForcibly().waitFor();
    // Every epoch the dead trainer committed; one it left open is aborted when the standby fences it.
    int before = committedEpochs(common);
    List<EpochMetrics> after = awaitEpochs(common, before + 1, Duration.ofMinutes(3));
    double seconds = (System.nanoTime() - killed) / 1e9;
    System.out.printf("standby trainer: first epoch %.1f s after the active trainer's SIGKILL (epoch %d; target <= 30 s)%n",
        seconds, after.isEmpty() ? -1 : after.get(after.size() - 1).getEpoch());
  }

  private static int committedEpochs(CommonSettings common) {
    Topics topics = common.topics();
    try (TopicReader<String, byte[]> reader = new TopicReader<>(common.kafka(), "failover-epochs",
        List.of(topics.trainingMetrics.name()), new StringDeserializer(), new ByteArrayDeserializer(), true)) {
      return (int) reader.readToCurrentEnd(record -> { });
    }
  }

  /**
   * Prompts at a steady rate for 20 seconds, the fault after 5: latency of each request from send
   * to its answer on the generations topic, and how many were answered more than once.
   */
  private static void latency(String fault, CommonSettings common, Fault action) throws Exception {
    Topics topics = common.topics();
    Map<String, Long> sent = new ConcurrentHashMap<>();
    Map<String, Long> latencyMs = new ConcurrentHashMap<>();
    Map<String, Integer> answers = new ConcurrentHashMap<>();
    AtomicBoolean reading = new AtomicBoolean(true);
    String run = Long.toString(System.nanoTime());
    Thread reader = new Thread(() -> {
      try (TopicReader<String, Generation> generations = new TopicReader<>(common.kafka(), "failover-answers",
          List.of(topics.generations.name()), topics.generations.keySerde().deserializer(),
          topics.generations.valueSerde().deserializer(), false)) {
        while (reading.get()) {
          generations.poll(record -> {
            Long at = sent.get(record.key());
            if (at != null) {
              answers.merge(record.key(), 1, Integer::sum);
              latencyMs.putIfAbsent(record.key(), (System.nanoTime() - at) / 1_000_000);
            }
          });
        }
      }
    });
    reader.start();
    Thread.sleep(2_000);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(common.kafka().producerConfig("failover-load"),
        new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < 20 * RATE; i++) {
        String id = run + "-" + i;
        PromptRequest request = PromptRequest.newBuilder().setRequestId(id).setPrompt("ROMEO:").setMaxChars(40)
            .setTemperature(0.8).setSeed((long) i).build();
        sent.put(id, System.nanoTime());
        producer.send(new ProducerRecord<>(topics.prompts.name(), id, Events.PROMPT_REQUEST.encode(request)));
        if (i == 5 * RATE) {
          action.inject();
        }
        Thread.sleep(1000 / RATE);
      }
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (latencyMs.size() < sent.size() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    Thread.sleep(3_000); // a late duplicate would show here
    reading.set(false);
    reader.join();
    List<Long> sorted = latencyMs.values().stream().sorted().toList();
    long twice = answers.values().stream().filter(n -> n > 1).count();
    System.out.printf("%s: %d of %d prompts answered, %d more than once; latency p50 %.2f s, p99 %.2f s, max %.2f s%n",
        fault, sorted.size(), sent.size(), twice, percentile(sorted, 0.5) / 1000.0, percentile(sorted, 0.99) / 1000.0,
        sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1) / 1000.0);
  }

  /** The leader of the busiest partition stopped while text is published and prompts are asked with the client. */
  private static void brokerStoppedUnderLoad(EmbeddedKafkaBroker cluster, CommonSettings common, String text)
      throws Exception {
    int errors = 0;
    int unanswered = 0;
    int asked = 0;
    int stopped = -1;
    for (int i = 0; i < 30; i++) {
      if (i == 10) {
        try (Admin admin = common.kafka().admin("failover-admin")) {
          String topic = common.topics().prompts.name();
          stopped = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(0)
              .leader().id();
        }
        cluster.stopNode(stopped);
      }
      try {
        TextPublisher.publish(common, "under-load-" + i, text.substring(i * 1000, i * 1000 + 1000)
            .getBytes(StandardCharsets.UTF_8), 64 * 1024);
        Optional<Generation> answer = PromptClient.ask(common, PromptRequest.newBuilder().setRequestId("load-" + i)
            .setPrompt("KING:").setMaxChars(30).setTemperature(0.8).build(), Duration.ofSeconds(60));
        asked++;
        if (answer.isEmpty() || answer.get().getError() != null) {
          unanswered++;
        }
      } catch (RuntimeException e) {
        errors++;
        System.out.println("  a user command failed: " + e);
      }
    }
    boolean drained = PipelineDrain.await(common, Duration.ofMinutes(3), () -> false);
    cluster.startNode(stopped);
    System.out.printf("broker %d stopped under load: %d publish+prompt commands, %d errors, %d without an answer; "
        + "ingest and windowing drained everything: %s%n", stopped, asked + errors, errors, unanswered, drained);
  }

  private static double percentile(List<Long> sorted, double p) {
    return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  @FunctionalInterface
  private interface Fault {
    void inject() throws Exception;
  }
}
