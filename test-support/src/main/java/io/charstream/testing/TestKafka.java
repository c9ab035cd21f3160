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

/**
 * The real broker the integration tests of one JVM share, started on first use and stopped when
 * the JVM exits. Each test isolates itself with its own topic prefix and state directory.
 */
public final class TestKafka {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static EmbeddedKafkaBroker broker;

  private TestKafka() {}

  public static synchronized String bootstrapServers() {
    if (broker == null) {
      broker = EmbeddedKafkaBroker.start();
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-broker-shutdown"));
    }
    return broker.bootstrapServers();
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
