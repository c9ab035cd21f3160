package io.charstream.testing;

import io.charstream.broker.EmbeddedKafkaBroker;
import io.charstream.service.Config;
import io.charstream.service.KafkaConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.opentest4j.TestAbortedException;

/**
 * The real broker the integration tests of one JVM share, started on first use and stopped when
 * the JVM exits. Each test isolates itself with its own topic prefix and state directory.
 *
 * <p>Which broker: {@code -Dcharstream.kafka=embedded} (the default) starts one in this JVM;
 * {@code testcontainers} runs Testcontainers' {@code KafkaContainer} (a Docker engine must
 * answer); {@code auto} runs the container where a Docker engine answers and otherwise skips the
 * tests that need a broker (reported as skipped, with the reason).
 */
public final class TestKafka {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static String bootstrapServers;
  private static String unavailable;

  private TestKafka() {}

  public static synchronized String bootstrapServers() {
    if (unavailable != null) {
      throw new TestAbortedException(unavailable);
    }
    if (bootstrapServers == null) {
      bootstrapServers = startBroker(System.getProperty("charstream.kafka", "embedded"));
    }
    return bootstrapServers;
  }

  private static String startBroker(String mode) {
    switch (mode) {
      case "embedded" -> {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-broker-shutdown"));
        return broker.bootstrapServers();
      }
      case "testcontainers", "auto" -> {
        if (mode.equals("auto") && !KafkaContainers.dockerAnswers()) {
          unavailable = "no Docker engine answers (or Testcontainers could not use it: see the log): "
              + "the tests on a Kafka container are skipped";
          throw new TestAbortedException(unavailable);
        }
        var container = KafkaContainers.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-container-shutdown"));
        return container.getBootstrapServers();
      }
      default -> throw new IllegalArgumentException(
          "charstream.kafka must be embedded, testcontainers or auto, got '" + mode + "'");
    }
  }

  public static KafkaConnection connection() {
    return KafkaConnection.to(bootstrapServers());
  }

  /** A prefix no other test uses, so topics, groups and transactional ids never collide. */
  public static String uniquePrefix(String testName) {
    return testName + "-" + SEQUENCE.incrementAndGet() + "-" + ProcessHandle.current().pid() + ".";
  }

  /** Settings of an isolated pipeline on the shared broker, plus the test's own. */
  public static Map<String, String> settings(String prefix, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", bootstrapServers());
    settings.put("topic.prefix", prefix);
    settings.put("state.dir", tempDir("charstream-state-").toString());
    settings.putAll(extra);
    return settings;
  }

  public static Config config(String prefix, Map<String, String> extra) {
    return Config.of(settings(prefix, extra));
  }

  public static Path tempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
