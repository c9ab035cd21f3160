package io.charstream.cli;

import static io.charstream.cli.CommandLineIT.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.cli.CommandLineIT.Result;
import io.charstream.testing.Eventually;
import io.charstream.testing.SeedText;
import io.charstream.testing.ServiceProcess;
import io.charstream.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Ctrl-C (SIGTERM) on {@code up}: everything stops cleanly and the broker's data is there at the next start. */
@Tag("own-broker") // starts brokers of its own: runs once, not again on a Kafka container
class UpInterruptIT {

  @Test
  void sigtermStopsCleanlyAndTheBrokersDataSurvives() throws Exception {
    Path dataDir = TestKafka.tempDir("up-data-");
    String bootstrap = "127.0.0.1:" + CommandLineIT.freePort();
    int port = Integer.parseInt(bootstrap.substring(bootstrap.indexOf(':') + 1));
    Path log = Files.createTempFile("charstream-up-", ".log");
    Path seed = Files.createTempFile("seed-", ".txt");
    Files.writeString(seed, SeedText.TEXT, StandardCharsets.UTF_8);
    try (ServiceProcess up = ServiceProcess.start(Charstream.class, List.of("up", "--port", Integer.toString(port),
        "--web-port", Integer.toString(CommandLineIT.freePort()), "--data-dir", dataDir.toString(), "--state-dir", TestKafka.tempDir("up-state-").toString()), Map.of(), log)) {
      Eventually.awaitInLog(log, "charstream is up", Duration.ofSeconds(90));
      assertThat(run("publish", seed.toString(), "--doc-id", "seed", "--bootstrap-servers", bootstrap).exitCode())
          .isZero();
      awaitRecords(bootstrap, "text.ids");

      int exit = up.terminate(Duration.ofSeconds(60));
      assertThat(exit).as("SIGTERM's exit status").isEqualTo(143);
    }
    String stopped = Files.readString(log);
    assertThat(stopped).contains("stopping").doesNotContain("Exception", "\tat ");

    Path brokerLog = Files.createTempFile("charstream-broker-", ".log");
    try (ServiceProcess broker = ServiceProcess.start(Charstream.class, List.of("broker", "--port",
        Integer.toString(port), "--data-dir", dataDir.toString()), Map.of(), brokerLog)) {
      Eventually.awaitInLog(brokerLog, bootstrap, Duration.ofSeconds(60));
      Result raw = run("read", "text.raw", "--from-beginning", "--bootstrap-servers", bootstrap);
      assertThat(raw.lines()).containsExactly("{\"docId\":\"seed\",\"text\":" + quoted(SeedText.TEXT) + "}");
      assertThat(awaitRecords(bootstrap, "vocab")).hasSize((int) SeedText.TEXT.chars().distinct().count());
    }
  }

  private static List<String> awaitRecords(String bootstrap, String topic) throws Exception {
    return Eventually.await("records on " + topic, Duration.ofSeconds(60),
        () -> run("read", topic, "--from-beginning", "--bootstrap-servers", bootstrap),
        result -> result.exitCode() == 0 && !result.lines().isEmpty()).lines();
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
