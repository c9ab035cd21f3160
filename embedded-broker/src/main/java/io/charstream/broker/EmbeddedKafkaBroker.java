package io.charstream.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one node), running in
 * this JVM from the Apache Kafka jars. Automatic topic creation is off: every topic is made by
 * the services with the catalogue's settings.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER = "CONTROLLER";
  private static final int BIND_ATTEMPTS = 5;

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path dataDir;
  private final boolean deleteOnClose;
  private boolean closed;

  private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir, boolean deleteOnClose) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
  }

  /** A broker on any free port with its data in a temporary directory deleted on close. */
  public static EmbeddedKafkaBroker start() {
    return start(0, null);
  }

  /**
   * Starts a broker and returns once it answers.
   *
   * @param port the client port; 0 picks a free one
   * @param dataDir where the broker keeps its data, kept across restarts; null for a temporary
   *     directory deleted on close
   */
  public static EmbeddedKafkaBroker start(int port, Path dataDir) {
    installExitProcedures();
    boolean temporary = dataDir == null;
    Path dir = temporary ? createTempDir() : dataDir.toAbsolutePath();
    RuntimeException lastFailure = null;
    for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
      int clientPort = port == 0 ? freePort() : port;
      int controllerPort = freePort();
      Properties props = brokerProperties(dir, clientPort, controllerPort);
      formatIfNew(dir, props);
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      try {
        server.startup();
      } catch (RuntimeException e) {
        // A failed start-up leaves non-daemon controller threads behind unless shut down.
        server.shutdown();
        server.awaitShutdown();
        lastFailure = e;
        log.warn("broker start-up on port {} failed ({}), attempt {} of {}", clientPort, e.getMessage(), attempt,
            BIND_ATTEMPTS);
        if (port != 0 && attempt >= 2) {
          break;
        }
        continue;
      }
      String bootstrap = "127.0.0.1:" + clientPort;
      EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrap, dir, temporary);
      broker.awaitReady();
      log.info("Kafka broker (KRaft) ready at {} with data in {}", bootstrap, dir);
      return broker;
    }
    if (temporary) {
      deleteRecursively(dir);
    }
    throw new IllegalStateException("cannot start the Kafka broker"
        + (port == 0 ? "" : " on port " + port + " (is another broker using it?)") + ": "
        + (lastFailure == null ? "unknown" : lastFailure.getMessage()), lastFailure);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Path dataDir() {
    return dataDir;
  }

  private static Properties brokerProperties(Path dir, int clientPort, int controllerPort) {
    Properties props = new Properties();
    props.putAll(Map.ofEntries(
        Map.entry("process.roles", "broker,controller"),
        Map.entry("node.id", Integer.toString(NODE_ID)),
        Map.entry("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort),
        Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + "," + CONTROLLER + "://127.0.0.1:" + controllerPort),
        Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort),
        Map.entry("controller.listener.names", CONTROLLER),
        Map.entry("inter.broker.listener.name", "PLAINTEXT"),
        Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT"),
        Map.entry("log.dirs", dir.toString()),
        Map.entry("metadata.log.dir", dir.toString()),
        Map.entry("auto.create.topics.enable", "false"),
        Map.entry("num.partitions", "1"),
        // One node: the internal topics cannot have more replicas than that.
        Map.entry("offsets.topic.replication.factor", "1"),
        Map.entry("offsets.topic.num.partitions", "4"),
        Map.entry("transaction.state.log.replication.factor", "1"),
        Map.entry("transaction.state.log.min.isr", "1"),
        Map.entry("transaction.state.log.num.partitions", "4"),
        Map.entry("share.coordinator.state.topic.replication.factor", "1"),
        Map.entry("share.coordinator.state.topic.min.isr", "1"),
        Map.entry("group.initial.rebalance.delay.ms", "0"),
        Map.entry("log.cleaner.backoff.ms", "1000")));
    return props;
  }

  private static void formatIfNew(Path dir, Properties props) {
    if (Files.exists(dir.resolve("meta.properties"))) {
      return;
    }
    try {
      Files.createDirectories(dir);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setClusterId(Uuid.randomUuid().toString())
          .setNodeId(NODE_ID)
          .setControllerListenerName(CONTROLLER)
          .setMetadataLogDirectory(dir.toString())
          .addDirectory(dir.toString())
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setIgnoreFormatted(true)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format broker storage in " + dir + ": " + e.getMessage(), e);
    }
  }

  private void awaitReady() {
    Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      close();
      throw new IllegalStateException("the embedded broker did not become ready: " + e.getMessage(), e);
    }
  }

  /**
   * A fatal broker fault calls Exit.halt, which would kill the whole host JVM (the services and
   * the tests with it). Report it and let the broker's thread fail instead.
   */
  private static void installExitProcedures() {
    Exit.setHaltProcedure((code, message) -> {
      log.error("the embedded broker asked to halt the JVM (code {}): {}", code, message);
      throw new IllegalStateException("embedded broker halted: " + message);
    });
    Exit.setExitProcedure((code, message) -> {
      log.error("the embedded broker asked to exit the JVM (code {}): {}", code, message);
      throw new IllegalStateException("embedded broker exited: " + message);
    });
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("charstream-broker-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
    if (deleteOnClose) {
      deleteRecursively(dataDir);
    }
    log.info("Kafka broker at {} stopped", bootstrapServers);
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      log.warn("could not delete {}: {}", dir, e.getMessage());
    }
  }
}
