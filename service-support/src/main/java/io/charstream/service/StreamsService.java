package io.charstream.service;

import io.charstream.schemas.Topic;
import io.charstream.schemas.TopicSettings;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service that is one Kafka Streams application with exactly-once processing: creates its
 * topics, starts the topology and waits until it runs.
 */
public final class StreamsService implements Service {
  private static final Logger log = LoggerFactory.getLogger(StreamsService.class);

  private final String name;
  private final CommonSettings common;
  private final Collection<? extends Topic<?, ?>> topics;
  private final Supplier<Topology> topology;
  private final Properties properties;
  private KafkaStreams streams;
  private boolean topicsReady;

  /**
   * @param name the service name; the Streams application id is the topic prefix plus
   *     {@code charstream-} plus this name, so its consumer group and state are the service's own
   * @param tuning Streams settings of this service (commit interval, producer batching...)
   */
  public StreamsService(String name, Instance instance, CommonSettings common,
      Collection<? extends Topic<?, ?>> topics, Supplier<Topology> topology, Map<String, Object> tuning) {
    this.name = name;
    this.common = common;
    this.topics = topics;
    this.topology = topology;
    this.properties = streamsProperties(name, instance, common, tuning);
  }

  public static String applicationId(CommonSettings common, String name) {
    return ServiceNames.groupId(common.topics().settings(), name);
  }

  private static Properties streamsProperties(String name, Instance instance, CommonSettings common,
      Map<String, Object> tuning) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(common, name));
    props.put(StreamsConfig.CLIENT_ID_CONFIG, "charstream-" + name + "-" + instance.id());
    // Static membership for a named instance (Streams gives each stream thread its own suffix).
    Map<String, Object> member = new java.util.HashMap<>();
    instance.joinAs(member, applicationId(common, name) + "-" + instance.id());
    member.forEach((key, value) -> props.put(StreamsConfig.mainConsumerPrefix(key), value));
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    short replication = common.topics().settings().replicationFactor();
    // -1: the broker's default.replication.factor, which a cluster sets to suit its size.
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG,
        replication == TopicSettings.AUTO_REPLICATION ? -1 : (int) replication);
    props.put(StreamsConfig.STATE_DIR_CONFIG, common.stateDir().toString());
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        common.topics().settings().maxTextBytes() * 2 + (1 << 20));
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, common.kafka().bootstrapServers());
    props.putAll(tuning);
    // What the user passed through (security, SASL, SSL...) reaches every client unchanged.
    props.putAll(common.kafka().clientOverrides());
    return props;
  }

  @Override
  public String name() {
    return name;
  }

  /** Checks that the broker answers and creates the topics that do not exist yet. */
  public synchronized void createTopicsAndCheckBroker() {
    if (topicsReady) {
      return;
    }
    ServiceStartup.checkBrokerAndCreateTopics(common.kafka(), topics, name + "-admin");
    topicsReady = true;
  }

  @Override
  public synchronized void start() {
    if (streams != null) {
      throw new IllegalStateException(name + " is already started");
    }
    createTopicsAndCheckBroker();
    CountDownLatch running = new CountDownLatch(1);
    streams = new KafkaStreams(topology.get(), properties);
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
      if (now == KafkaStreams.State.ERROR) {
        log.error("{} stopped after an unrecoverable error; see the error above", name);
      }
    });
    streams.setUncaughtExceptionHandler(exception -> {
      log.error("{} failed: {}; replacing the stream thread", name, exception.toString(), exception);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.start();
    try {
      if (!running.await(2, TimeUnit.MINUTES)) {
        log.warn("{} is not running after 2 minutes (state {}); it keeps trying", name, streams.state());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("{} running (application id {})", name, properties.get(StreamsConfig.APPLICATION_ID_CONFIG));
  }

  @Override
  public synchronized boolean healthy() {
    return streams != null && (streams.state() == KafkaStreams.State.RUNNING
        || streams.state() == KafkaStreams.State.REBALANCING);
  }

  /** Records processed (all stream threads) and the largest consumer lag of its input partitions. */
  @Override
  public synchronized Map<String, Double> metrics() {
    if (streams == null) {
      return Map.of();
    }
    double processed = 0;
    for (var entry : streams.metrics().entrySet()) {
      MetricName metric = entry.getKey();
      if (metric.group().equals("stream-thread-metrics") && metric.name().equals("process-total")
          && entry.getValue().metricValue() instanceof Double number && !number.isNaN()) {
        processed += number;
      }
    }
    double lag = ConsumerLag.of(streams.metrics());
    return Map.of("records_processed_total", processed, "consumer_lag_records", lag);
  }

  /** Partitions (tasks) this instance processes now. */
  public synchronized int activeTaskCount() {
    if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
      return 0;
    }
    return streams.metadataForLocalThreads().stream().mapToInt(thread -> thread.activeTasks().size()).sum();
  }

  @Override
  public synchronized void close() {
    if (streams != null) {
      // Leave the group, so that a restarted instance is not kept waiting for this one's session to expire.
      streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
          .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
      streams = null;
      log.info("{} stopped", name);
    }
  }
}
