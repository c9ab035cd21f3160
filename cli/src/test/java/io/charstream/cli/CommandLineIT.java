package io.charstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.testing.Eventually;
import io.charstream.testing.SeedText;
import io.charstream.testing.ServiceProcess;
import io.charstream.testing.TestKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The pipeline driven only through the command line, as a user or a script would. */
@Tag("own-broker") // starts brokers of its own: runs once, not again on a Kafka container
class CommandLineIT {

  record Result(int exitCode, String out, String err) {
    List<String> lines() {
      return out.isBlank() ? List.of() : Arrays.asList(out.split("\n"));
    }
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var commandLine = Charstream.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static List<String> readUntil(String bootstrap, String topic, int count) throws Exception {
    Result result = Eventually.await(count + " records on " + topic, Duration.ofSeconds(60),
        () -> run("read", topic, "--from-beginning", "--bootstrap-servers", bootstrap),
        r -> r.exitCode() != 0 || r.lines().size() >= count);
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result.lines();
  }

  @Test
  void upPublishReadAndPromptReproduceTheSeedScenario() throws Exception {
    int port = freePort();
    String bootstrap = "127.0.0.1:" + port;
    Path log = Files.createTempFile("charstream-up-", ".log");
    Path seed = Files.createTempFile("seed-", ".txt");
    Files.writeString(seed, SeedText.TEXT, StandardCharsets.UTF_8);
    int healthPort = freePort();
    int webPort = freePort();
    try (ServiceProcess up = ServiceProcess.start(Charstream.class, List.of("up", "--port", Integer.toString(port),
        "--health-port", Integer.toString(healthPort), "--web-port", Integer.toString(webPort), "--window-length", "100", "--window-stride", "1", "--validation-fraction", "0.2", "--split-block", "100",
        "--split-gap", "0", "--state-dir", TestKafka.tempDir("state-").toString()), Map.of(), log)) {
      Eventually.awaitInLog(log, "charstream is up", Duration.ofSeconds(90));

      Result published = run("publish", seed.toString(), "--doc-id", "seed", "--bootstrap-servers", bootstrap);
      assertThat(published.exitCode()).as(published.err()).isZero();
      assertThat(published.out()).contains("published 198 bytes in 1 records");

      List<String> train = readUntil(bootstrap, "sequences.train", 80);
      List<String> validation = readUntil(bootstrap, "sequences.validation", 19);
      assertThat(train).hasSize(80);
      assertThat(validation).hasSize(19);

      Map<Integer, String> charOfId = new java.util.HashMap<>();
      Pattern entry = Pattern.compile("\\{\"char\":\"(.*)\",\"id\":(\\d+)\\}");
      for (String line : run("read", "vocab", "--from-beginning", "--bootstrap-servers", bootstrap).lines()) {
        Matcher m = entry.matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        charOfId.put(Integer.parseInt(m.group(2)), m.group(1));
      }
      List<String> all = new ArrayList<>(train);
      all.addAll(validation);
      Pattern sequence = Pattern.compile("\\{\"docId\":\"seed\",\"startPosition\":(\\d+),\"ids\":\\[([\\d,]+)]\\}");
      for (int k = 0; k < all.size(); k++) {
        Matcher m = sequence.matcher(all.get(k));
        assertThat(m.matches()).as(all.get(k)).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(k);
        StringBuilder decoded = new StringBuilder();
        for (String id : m.group(2).split(",")) {
          decoded.append(charOfId.get(Integer.parseInt(id)));
        }
        assertThat(decoded.toString()).isEqualTo(SeedText.TEXT.substring(k, k + 100));
      }

      // The trainer's first snapshot arrives after its first epoch; the generator then answers.
      Result answer = run("prompt", "The river", "--chars", "20", "--seed", "3", "--timeout", "180s",
          "--bootstrap-servers", bootstrap);
      assertThat(answer.exitCode()).as(answer.err()).isZero();
      String continuation = answer.out().replace("\n", "");
      assertThat(continuation).hasSize(20);
      assertThat(continuation.chars()).allSatisfy(c -> assertThat(charOfId).containsValue(Character.toString(c)));

      Result bad = run("prompt", "", "--bootstrap-servers", bootstrap);
      assertThat(bad.exitCode()).isEqualTo(1);
      assertThat(bad.err()).contains("the prompt is empty");

      HttpResponse<String> health = httpGet(healthPort, "/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"ingest\":\"up\"", "\"windowing\":\"up\"", "\"trainer\":\"up\"",
          "\"generator\":\"up\"", "\"dashboard\":\"up\"");
      assertThat(Files.readString(log)).contains("The dashboard: http://127.0.0.1:" + webPort + "/");
      HttpResponse<String> page = httpGet(webPort, "/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<title>charstream</title>", "uPlot.iife.min.js");
      String metrics = httpGet(healthPort, "/metrics").body();
      assertThat(figure(metrics, "records_processed_total", "ingest")).isGreaterThanOrEqualTo(1);
      assertThat(figure(metrics, "records_processed_total", "windowing")).isGreaterThanOrEqualTo(1);
      assertThat(figure(metrics, "epochs_total", "trainer")).isGreaterThanOrEqualTo(1);
      assertThat(figure(metrics, "requests_total", "generator")).isEqualTo(2);
      assertThat(figure(metrics, "request_errors_total", "generator")).isEqualTo(1);
      assertThat(metrics).contains("charstream_consumer_lag_records{service=\"generator\"}");
    }
  }

  private static HttpResponse<String> httpGet(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A figure of /metrics's Prometheus text. */
  private static double figure(String metrics, String name, String service) {
    Matcher m = Pattern.compile("(?m)^charstream_" + name + "\\{service=\"" + service + "\"} (\\S+)$").matcher(metrics);
    assertThat(m.find()).as(name + " of " + service + " in\n" + metrics).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void aBadFlagPrintsUsageAndExitsWith2() {
    Result result = run("read", "vocab", "--no-such-flag");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Unknown option", "Usage: charstream read");
  }

  @Test
  void aBadSettingValueNamesTheSettingAndExitsWith2() {
    Result result = run("publish", "-", "--publish-piece-bytes", "lots");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--publish-piece-bytes (CHARSTREAM_PUBLISH_PIECE_BYTES) must be a whole number");
  }

  @Test
  void anUnknownTopicIsAUsageError() {
    Result result = run("read", "no.such.topic", "--bootstrap-servers", TestKafka.bootstrapServers());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("unknown topic 'no.such.topic'");
  }

  @Test
  void anUnreachableBrokerIsReportedWithinTenSecondsWithTheAddressTried() throws Exception {
    String nowhere = "127.0.0.1:" + freePort();
    long started = System.nanoTime();
    Result result = run("read", "vocab", "--bootstrap-servers", nowhere);
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("cannot reach Kafka at " + nowhere).doesNotContain("Exception");
    assertThat(seconds).as("seconds until reported").isLessThan(15);
  }

  @Test
  void everyCommandThatTalksToKafkaReportsAnUnreachableBrokerWithinTenSeconds() throws Exception {
    String nowhere = "127.0.0.1:" + freePort();
    Path text = Files.createTempFile("text-", ".txt");
    Files.writeString(text, "some text");
    List<String[]> commands = List.of(new String[] {"metrics"}, new String[] {"models"},
        new String[] {"prompt", "The river"}, new String[] {"publish", text.toString()},
        new String[] {"read", "training.metrics", "--follow"});
    for (String[] command : commands) {
      List<String> args = new ArrayList<>(Arrays.asList(command));
      args.addAll(List.of("--bootstrap-servers", nowhere));
      long started = System.nanoTime();
      Result result = run(args.toArray(String[]::new));
      long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

      assertThat(result.exitCode()).as(command[0]).isEqualTo(1);
      assertThat(result.err()).as(command[0]).contains("cannot reach Kafka at " + nowhere).doesNotContain("Exception");
      assertThat(seconds).as(command[0] + ": seconds until reported").isLessThan(15);
    }
  }

  @Test
  void badValuesOfTheNewCommandsAreUsageErrors() {
    Result plot = run("metrics", "--plot", "curves.txt", "--bootstrap-servers", TestKafka.bootstrapServers());
    assertThat(plot.exitCode()).isEqualTo(2);
    assertThat(plot.err()).contains("--plot takes a file ending in .png or .svg");

    Result epochs = run("demo", "--epochs", "0");
    assertThat(epochs.exitCode()).isEqualTo(2);
    assertThat(epochs.err()).contains("--epochs must be at least 1");

    Result notANumber = run("demo", "--epochs", "many");
    assertThat(notANumber.exitCode()).isEqualTo(2);
    assertThat(notANumber.err()).contains("Invalid value for option '--epochs'", "Usage: charstream demo");

    Result corpus = run("demo", "--corpus", "/no/such/corpus.txt");
    assertThat(corpus.exitCode()).isEqualTo(1);
    assertThat(corpus.err()).contains("no such file: /no/such/corpus.txt");

    Result webPort = run("up", "--web-port", "70000");
    assertThat(webPort.exitCode()).isEqualTo(2);
    assertThat(webPort.err()).contains("--web-port (CHARSTREAM_WEB_PORT) must be from 0 to 65535").doesNotContain("Exception");

    Result export = run("models", "--export", "latest", "--bootstrap-servers", TestKafka.bootstrapServers(),
        "--topic-prefix", TestKafka.uniquePrefix("export"));
    assertThat(export.exitCode()).isEqualTo(1);
    assertThat(export.err()).contains("does not exist yet");
  }

  @Test
  void aDashboardPortInUseIsAUsageErrorNamingTheSetting() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Result up = run("up", "--port", Integer.toString(freePort()), "--web-port", Integer.toString(taken.getLocalPort()));
      assertThat(up.exitCode()).as(up.err()).isEqualTo(2);
      assertThat(up.err()).contains("--web-port (CHARSTREAM_WEB_PORT)", "cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .doesNotContain("Exception");
    }
  }

  @Test
  void readingATopicThatDoesNotExistYetSaysWhatToDo() {
    Result result = run("read", "generations", "--bootstrap-servers", TestKafka.bootstrapServers(),
        "--topic-prefix", TestKafka.uniquePrefix("absent"));
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("does not exist yet");
  }
}
