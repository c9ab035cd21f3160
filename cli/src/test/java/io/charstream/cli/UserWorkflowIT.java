package io.charstream.cli;

import static io.charstream.cli.CommandLineIT.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.cli.CommandLineIT.Result;
import io.charstream.cli.kafka.PipelineDrain;
import io.charstream.generator.GeneratorService;
import io.charstream.generator.GeneratorSettings;
import io.charstream.ingest.IngestService;
import io.charstream.ingest.IngestSettings;
import io.charstream.schemas.Topic;
import io.charstream.schemas.Topics;
import io.charstream.service.CommonSettings;
import io.charstream.service.Config;
import io.charstream.testing.Eventually;
import io.charstream.testing.SeedText;
import io.charstream.testing.ServiceProcess;
import io.charstream.testing.TestKafka;
import io.charstream.trainer.TrainerService;
import io.charstream.trainer.TrainerSettings;
import io.charstream.windowing.WindowingService;
import io.charstream.windowing.WindowingSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a user does with the command line against running services: lines typed into Kafka's own
 * console producer and a file published with {@code publish} are learned from; {@code metrics}
 * shows the epochs (table, chart, picture); {@code prompt} answers; {@code models} lists and
 * exports versions; {@code read} prints every topic as JSON.
 */
class UserWorkflowIT {
  private static final String EPOCHS = "3";
  private static final String CONSOLE_LINES = "Quiet water, quick fox, zebra crossing!\n"
      + "Lines typed into Kafka's own console producer are text like any other.\n"
      + "Quartz and jazz, zigzag over the weir.\n";

  private final String prefix = TestKafka.uniquePrefix("workflow");

  private Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--bootstrap-servers", TestKafka.bootstrapServers(), "--topic-prefix", prefix));
    return run(all.toArray(String[]::new));
  }

  @Test
  void consoleLinesAndAPublishedFileAreLearnedFromThenMetricsPromptModelsAndReadWork() throws Exception {
    Config config = TestKafka.config(prefix, Map.of("window.length", "20", "window.stride", "5",
        "validation.fraction", "0.2", "split.block", "10", "split.gap", "0", "max.epochs", EPOCHS,
        "batch.size", "8", "hidden.size", "32", "embedding.size", "8", "learning.rate", "0.01"));
    CommonSettings common = CommonSettings.from(config);
    Topics topics = common.topics();
    Path dir = TestKafka.tempDir("workflow-");
    try (IngestService ingest = new IngestService(IngestSettings.from(config), "workflow");
        WindowingService windowing = new WindowingService(WindowingSettings.from(config));
        GeneratorService generator = new GeneratorService(GeneratorSettings.from(config), "workflow");
        TrainerService trainer = new TrainerService(TrainerSettings.from(config))) {
      ingest.start();
      windowing.start();
      generator.start();

      Path lines = dir.resolve("typed.txt");
      Files.writeString(lines, CONSOLE_LINES, StandardCharsets.UTF_8);
      Path consoleLog = dir.resolve("console-producer.log");
      ServiceProcess console = ServiceProcess.start("org.apache.kafka.tools.ConsoleProducer",
          List.of("--bootstrap-server", TestKafka.bootstrapServers(), "--topic", topics.textRaw.name()), Map.of(),
          consoleLog, lines);
      assertThat(console.awaitExit(Duration.ofSeconds(60))).as(Files.readString(consoleLog)).isZero();

      Path seed = dir.resolve("seed.txt");
      Files.writeString(seed, SeedText.TEXT, StandardCharsets.UTF_8);
      Result published = cli("publish", seed.toString(), "--doc-id", "seed");
      assertThat(published.exitCode()).as(published.err()).isZero();
      sendUndecodableText(common);
      assertThat(PipelineDrain.await(common, Duration.ofSeconds(60), () -> false)).isTrue();
      trainer.start();

      Map<Integer, String> charOfId = vocabulary();
      assertThat(charOfId.values()).contains("Q", "z", "!");
      List<String> consoleWindows = decodedWindows("sequences.train", "default", charOfId);
      assertThat(consoleWindows).isNotEmpty()
          .allSatisfy(window -> assertThat(CONSOLE_LINES).contains(window));
      assertThat(consoleWindows.get(0)).isEqualTo(CONSOLE_LINES.substring(0, 20));
      int trainingSequences = cli("read", "sequences.train", "--from-beginning").lines().size();

      List<String> rows = awaitEpochRows(Integer.parseInt(EPOCHS));
      assertThat(rows).extracting(row -> row.split("\\s+")[0]).containsExactly("1", "2", "3");
      double firstLoss = Double.parseDouble(rows.get(0).split("\\s+")[1]);
      double lastLoss = Double.parseDouble(rows.get(2).split("\\s+")[1]);
      assertThat(lastLoss).isLessThan(firstLoss);
      Result table = cli("read", "training.metrics", "--from-beginning");
      assertThat(table.lines()).allSatisfy(line ->
          assertThat(line).contains("\"sequencesSeen\":" + trainingSequences));

      Result chart = cli("metrics", "--chart");
      assertThat(chart.out()).contains("loss per epoch", "epoch 1", "* loss", "o val_loss");
      Path svg = dir.resolve("curves.svg");
      Path png = dir.resolve("curves.png");
      assertThat(cli("metrics", "--plot", svg.toString()).exitCode()).isZero();
      assertThat(cli("metrics", "--plot", png.toString()).exitCode()).isZero();
      assertThat(Files.readString(svg)).startsWith("<svg").contains("<polyline");
      assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isPositive();

      sendUnreadablePromptWithoutId(common);
      Eventually.await("the unreadable prompt on prompts.rejected", Duration.ofSeconds(60),
          () -> cli("read", "prompts.rejected", "--from-beginning"), r -> !r.lines().isEmpty());
      Result answer = cli("prompt", "The river", "--chars", "30", "--seed", "5", "--model-version", EPOCHS);
      Result again = cli("prompt", "The river", "--chars", "30", "--seed", "5", "--model-version", EPOCHS);
      assertThat(answer.exitCode()).as(answer.err()).isZero();
      String continuation = answer.out().replace("\n", "");
      assertThat(continuation).hasSize(30);
      assertThat(continuation.codePoints()).allSatisfy(c -> assertThat(charOfId).containsValue(Character.toString(c)));
      assertThat(again.out()).as("same seed, same version").isEqualTo(answer.out());
      Result streamed = cli("prompt", "The river", "--chars", "30", "--seed", "5", "--model-version", EPOCHS,
          "--stream");
      assertThat(streamed.out()).as("streamed, the same text as it is generated").isEqualTo(answer.out());

      Result models = cli("models");
      assertThat(models.exitCode()).as(models.err()).isZero();
      assertThat(models.lines()).hasSize(1 + Integer.parseInt(EPOCHS));
      assertThat(models.lines().get(3)).startsWith("3 ");
      Path exported = dir.resolve("model.zip");
      Result export = cli("models", "--export", "newest", "--to", exported.toString());
      assertThat(export.exitCode()).as(export.err()).isZero();
      MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(exported.toFile());
      long vocabularySize = network.getLayer(0).getParam("W").size(0);
      assertThat(network.output(Nd4j.zeros(1, 1, 5)).shape()).containsExactly(1, vocabularySize, 5);
      assertThat(Files.readString(dir.resolve("model.vocab.json"))).contains("\"Q\":", "\"capacity\":");
      Result missing = cli("models", "--export", "999");
      assertThat(missing.exitCode()).isEqualTo(1);
      assertThat(missing.err()).contains("has no version 999");

      for (Topic<?, ?> topic : topics.all()) {
        String name = topic.name().substring(prefix.length());
        Result read = cli("read", name, "--from-beginning");
        assertThat(read.exitCode()).as(name + ": " + read.err()).isZero();
        assertThat(read.lines()).as(name).isNotEmpty()
            .allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}").doesNotContain("\n"));
      }
    }
  }

  /** Bytes that are not UTF-8, so that text.rejected has a record to read. */
  private static void sendUndecodableText(CommonSettings common) throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(common.kafka().producerConfig("bad"),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(common.topics().textRaw.name(), "bad", new byte[] {(byte) 0xff, 0x41})).get();
    }
  }

  /** A prompt record with no key and no readable request id, so that prompts.rejected has a record to read. */
  private static void sendUnreadablePromptWithoutId(CommonSettings common) throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(common.kafka().producerConfig("bad-prompt"),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(common.topics().prompts.name(), null, new byte[] {(byte) 0xC3, 0x01, 7})).get();
    }
  }

  private Map<Integer, String> vocabulary() {
    Map<Integer, String> charOfId = new java.util.HashMap<>();
    Pattern entry = Pattern.compile("\\{\"char\":\"(.*)\",\"id\":(\\d+)\\}");
    for (String line : cli("read", "vocab", "--from-beginning").lines()) {
      Matcher m = entry.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      charOfId.put(Integer.parseInt(m.group(2)), m.group(1).equals("\\n") ? "\n" : m.group(1));
    }
    return charOfId;
  }

  private List<String> decodedWindows(String topic, String docId, Map<Integer, String> charOfId) {
    Pattern sequence = Pattern.compile("\\{\"docId\":\"" + docId + "\",\"startPosition\":\\d+,\"ids\":\\[([\\d,]+)]\\}");
    List<String> windows = new ArrayList<>();
    for (String line : cli("read", topic, "--from-beginning").lines()) {
      Matcher m = sequence.matcher(line);
      if (m.matches()) {
        StringBuilder text = new StringBuilder();
        for (String id : m.group(1).split(",")) {
          text.append(charOfId.get(Integer.parseInt(id)));
        }
        windows.add(text.toString());
      }
    }
    return windows;
  }

  private List<String> awaitEpochRows(int epochs) throws Exception {
    Result metrics = Eventually.await(epochs + " epoch rows from metrics", Duration.ofMinutes(3), () -> cli("metrics"),
        result -> result.exitCode() != 0 || result.lines().size() > epochs);
    assertThat(metrics.exitCode()).as(metrics.err()).isZero();
    assertThat(metrics.lines().get(0)).startsWith("epoch");
    return metrics.lines().subList(1, metrics.lines().size());
  }
}
