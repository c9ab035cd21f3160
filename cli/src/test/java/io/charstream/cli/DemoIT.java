package io.charstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.testing.Eventually;
import io.charstream.testing.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code ./charstream demo} as a user runs it, in a JVM of its own, with a smaller model to keep it short. */
@Tag("own-broker") // starts brokers of its own: runs once, not again on a Kafka container
class DemoIT {
  private static final List<String> SMALL_MODEL = List.of("--hidden-size", "32", "--embedding-size", "16");

  private static ServiceProcess demo(Path log, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("demo", "--port", Integer.toString(CommandLineIT.freePort())));
    command.addAll(SMALL_MODEL);
    command.addAll(List.of(args));
    return ServiceProcess.start(Charstream.class, command, Map.of(), log);
  }

  @Test
  void trainsOnTheShippedTextShowsTheTableAndChartAnswersAndStops() throws Exception {
    Path log = Files.createTempFile("charstream-demo-", ".log");
    try (ServiceProcess demo = demo(log, "--epochs", "2", "--chars", "40")) {
      assertThat(demo.awaitExit(Duration.ofMinutes(4))).as(Files.readString(log)).isZero();
    }
    String output = Files.readString(log);
    List<String> lines = output.lines().toList();
    assertThat(output).contains("Kafka broker (KRaft, in this process) at 127.0.0.1:",
        "published devils-dictionary.txt: ", "training charstream: embedding 16 -> LSTM 32 x 1 -> softmax",
        "loss per epoch", "temperature 0.7): \"KAFKA, n. \"",
        "stopped; the broker's temporary data is deleted");
    assertThat(lines).anyMatch(line -> line.startsWith("epoch  loss"));
    // epoch, loss, accuracy, val_loss, val_accuracy, val_recent, chars/s
    assertThat(lines).anyMatch(line -> line.matches(
        "1 +\\d\\.\\d{4} +0\\.\\d{4} +\\d\\.\\d{4} +0\\.\\d{4} +\\d\\.\\d{4} +\\d+"));
    assertThat(lines).anyMatch(line -> line.matches("2 +\\d\\.\\d{4} .*"));
    String continuation = lines.get(lines.indexOf(lines.stream().filter(l -> l.startsWith("prompt (model version"))
        .findFirst().orElseThrow()) + 1);
    assertThat(continuation).startsWith("KAFKA, n. ");
    assertThat(output).containsPattern("prompt \\(model version [12], the best: lowest validation loss, "
        + "\\d\\.\\d{4}, at epoch [12]; ");
    assertThat(output).doesNotContain("Exception", "\tat ");
  }

  @Test
  void servesTheDashboardWhileTrainingAndSigtermStopsEverythingWithoutAStackTrace() throws Exception {
    Path log = Files.createTempFile("charstream-demo-stop-", ".log");
    int webPort = CommandLineIT.freePort();
    try (ServiceProcess demo = demo(log, "--epochs", "50", "--serve", "--web-port", Integer.toString(webPort))) {
      // The first epoch's row: training is under way, with 49 epochs to go.
      Eventually.awaitInLog(log, Pattern.compile(" *1 +\\d+\\.\\d{4} .*"), Duration.ofMinutes(3));
      assertThat(Files.readString(log)).contains("the dashboard: http://127.0.0.1:" + webPort + "/");
      var page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + webPort + "/")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      int exit = demo.terminate(Duration.ofSeconds(60));
      assertThat(exit).as(Files.readString(log)).isIn(130, 143);
    }
    String output = Files.readString(log);
    assertThat(output).doesNotContain("Exception", "\tat ").doesNotContain("loss per epoch");
  }
}
