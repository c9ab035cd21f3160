package io.charstream.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
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
 * A real Kafka cluster in KRaft mode running in this JVM from the Apache Kafka jars: one node, or
 * several (each node broker and controller at once, each with its own ports and data directory,
 * all of them voters of the controller quorum). Automatic topic creation is off: every topic is
 * made by the services with the catalogue's settings. Nodes can be stopped and started again, to
 * try failover.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String CONTROLLER = "CONTROLLER";
  private static final int BIND_ATTEMPTS = 5;

  /** One node: its fixed ports and directory, and the server while it runs. */
  private static final class Node {
    final int id;
    final int clientPort;
    final int controllerPort;
    final Path dir;
    KafkaRaftServer server;

    Node(int id, int clientPort, int controllerPort, Path dir) {
      this.id = id;
      this.clientPort = clientPort;
      this.controllerPort = controllerPort;
      this.dir = dir;
    }
  }

  private final List<Node> nodes;
  /** The nodes of a cluster share one id, given to each node's storage when it is first formatted. */
  private final String clusterId = Uuid.randomUuid().toString();
  private final String bootstrapServers;
  private final Path dataDir;
  private final boolean deleteOnClose;
  private boolean closed;

  private EmbeddedKafkaBroker(List<Node> nodes, Path dataDir, boolean deleteOnClose) {
    this.nodes = nodes;
    this.bootstrapServers = String.join(",", nodes.stream().map(n -> "127.0.0.1:" + n.clientPort).toList());
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
  }

  /** A broker on any free port with its data in a temporary directory deleted on close. */
  public static EmbeddedKafkaBroker start() {
    return start(0, null);
  }

  /** One node: see {@link #start(int, int, Path)}. */
  public static EmbeddedKafkaBroker start(int port, Path dataDir) {
    return start(1, port, dataDir);
  }

  /**
   * Starts a cluster and returns once every node answers.
   *
   * @param nodeCount nodes of the cluster
   * @param port the first node's client port (the others take the next ones); 0 picks free ports
   * @param dataDir where the cluster keeps its data, kept across restarts (a directory per node
   *     when there are several); null for a temporary directory deleted on close
   */
  public static EmbeddedKafkaBroker start(int nodeCount, int port, Path dataDir) {
    if (nodeCount < 1) {
      throw new IllegalArgumentException("a cluster needs at least one node, got " + nodeCount);
    }
    installExitProcedures();
    boolean temporary = dataDir == null;
    Path dir = temporary ? createTempDir() : dataDir.toAbsolutePath();
    RuntimeException lastFailure = null;
    for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
      List<Node> nodes = new ArrayList<>();
      for (int i = 0; i < nodeCount; i++) {
        nodes.add(new Node(i + 1, port == 0 ? freePort() : port + i, freePort(),
            nodeCount == 1 ? dir : dir.resolve("node-" + (i + 1))));
      }
      EmbeddedKafkaBroker cluster = new EmbeddedKafkaBroker(nodes, dir, temporary);
      try {
        cluster.startNodes();
      } catch (RuntimeException e) {
        lastFailure = e;
        log.warn("cluster start-up on ports from {} failed ({}), attempt {} of {}", nodes.get(0).clientPort,
            e.getMessage(), attempt, BIND_ATTEMPTS);
        if (port != 0 && attempt >= 2) {
          break;
        }
        continue;
      }
      cluster.awaitReady();
      log.info("Kafka {} (KRaft) ready at {} with data in {}", nodeCount == 1 ? "broker" : nodeCount + "-node cluster",
          cluster.bootstrapServers, dir);
      return cluster;
    }
    if (temporary) {
      deleteRecursively(dir);
    }
    throw new IllegalStateException("cannot start the Kafka broker"
        + (port == 0 ? "" : " on port " + port + " (is another broker using it?)") + ": "
        + (lastFailure == null ? "unknown" : lastFailure.getMessage()), lastFailure);
  }

  /** Starts every node at once: with several voters, a node's start-up waits for a quorum. */
  private void startNodes() {
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (Node node : nodes) {
      starts.add(CompletableFuture.runAsync(() -> startNode(node)));
    }
    try {
      CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
    } catch (RuntimeException e) {
      nodes.forEach(EmbeddedKafkaBroker::shutdown);
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private void startNode(Node node) {
    Properties props = nodeProperties(node);
    formatIfNew(node.dir, node.id, clusterId);
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    node.server = server;
    try {
      server.startup();
    } catch (RuntimeException e) {
      // A failed start-up leaves non-daemon controller threads behind unless shut down.
      shutdown(node);
      throw e;
    }
  }

  private static void shutdown(Node node) {
    if (node.server != null) {
      node.server.shutdown();
      node.server.awaitShutdown();
      node.server = null;
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Path dataDir() {
    return dataDir;
  }

  public int nodeCount() {
    return nodes.size();
  }

  /** The client address of node {@code id} (1 to {@link #nodeCount()}). */
  public String address(int id) {
    return "127.0.0.1:" + node(id).clientPort;
  }

  /** Stops node {@code id} as a controlled shutdown does; its data stays. */
  public synchronized void stopNode(int id) {
    shutdown(node(id));
    log.info("Kafka node {} stopped", id);
  }

  /** Starts a stopped node again on its ports and data. */
  public synchronized void startNode(int id) {
    Node node = node(id);
    if (node.server == null) {
      startNode(node);
      log.info("Kafka node {} started again", id);
    }
  }

  private Node node(int id) {
    if (id < 1 || id > nodes.size()) {
      throw new IllegalArgumentException("no node " + id + " in a cluster of " + nodes.size());
    }
    return nodes.get(id - 1);
  }

  private Properties nodeProperties(Node node) {
    int replicas = Math.min(3, nodes.size());
    int minInSync = Math.min(2, replicas);
    String voters = String.join(",", nodes.stream().map(n -> n.id + "@127.0.0.1:" + n.controllerPort).toList());
    Properties props = new Properties();
    props.putAll(Map.ofEntries(
        Map.entry("process.roles", "broker,controller"),
        Map.entry("node.id", Integer.toString(node.id)),
        Map.entry("controller.quorum.voters", voters),
        Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + node.clientPort + "," + CONTROLLER + "://127.0.0.1:"
            + node.controllerPort),
        Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.clientPort),
        Map.entry("controller.listener.names", CONTROLLER),
        Map.entry("inter.broker.listener.name", "PLAINTEXT"),
        Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT"),
        Map.entry("log.dirs", node.dir.toString()),
        Map.entry("metadata.log.dir", node.dir.toString()),
        Map.entry("auto.create.topics.enable", "false"),
        Map.entry("num.partitions", "1"),
        // Internal topics as replicated as the cluster allows (one node: one replica).
        Map.entry("default.replication.factor", Integer.toString(replicas)),
        Map.entry("offsets.topic.replication.factor", Integer.toString(replicas)),
        Map.entry("offsets.topic.num.partitions", "4"),
        Map.entry("transaction.state.log.replication.factor", Integer.toString(replicas)),
        Map.entry("transaction.state.log.min.isr", Integer.toString(minInSync)),
        Map.entry("transaction.state.log.num.partitions", "4"),
        Map.entry("share.coordinator.state.topic.replication.factor", Integer.toString(replicas)),
        Map.entry("share.coordinator.state.topic.min.isr", Integer.toString(minInSync)),
        Map.entry("group.initial.rebalance.delay.ms", "0"),
        // A transaction left open by a killed writer blocks read_committed readers until aborted:
        // look for timed-out ones every second rather than every ten.
        Map.entry("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000"),
        Map.entry("log.cleaner.backoff.ms", "1000")));
    return props;
  }

  private static void formatIfNew(Path dir, int nodeId, String clusterId) {
    if (Files.exists(dir.resolve("meta.properties"))) {
      return;
    }
    try {
      Files.createDirectories(dir);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setClusterId(clusterId)
          .setNodeId(nodeId)
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
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size() < nodes.size()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("not every node registered within 60 s");
        }
        Thread.sleep(100);
      }
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
    // All at once: stopped one after another, the last nodes would lose the controller quorum and
    // each wait minutes for a controlled shutdown that no controller can approve.
    CompletableFuture.allOf(nodes.stream().map(n -> CompletableFuture.runAsync(() -> shutdown(n)))
        .toArray(CompletableFuture[]::new)).join();
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
