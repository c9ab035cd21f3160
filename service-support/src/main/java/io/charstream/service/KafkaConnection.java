package io.charstream.service;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How to reach the cluster: bootstrap servers plus every Kafka client setting the user passed
 * through (security protocol, SASL, SSL...), applied unchanged to every client we create.
 */
public record KafkaConnection(String bootstrapServers, Map<String, Object> clientOverrides, Duration timeout) {

  public KafkaConnection {
    clientOverrides = Map.copyOf(clientOverrides);
  }

  public static KafkaConnection to(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.of(), Duration.ofSeconds(10));
  }

  /** Settings every client gets: ours first, so that what the user passed through wins. */
  public Map<String, Object> clientConfig(String clientId) {
    Map<String, Object> config = new HashMap<>();
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    config.putAll(clientOverrides);
    return config;
  }

  public Map<String, Object> producerConfig(String clientId) {
    Map<String, Object> config = clientConfig(clientId);
    config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    config.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return config;
  }

  /** A consumer that reads committed records only and commits nothing unless told to. */
  public Map<String, Object> consumerConfig(String clientId) {
    Map<String, Object> config = clientConfig(clientId);
    config.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.putIfAbsent(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return config;
  }

  public Admin admin(String clientId) {
    Map<String, Object> config = clientConfig(clientId);
    int timeoutMs = (int) timeout.toMillis();
    config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    return Admin.create(config);
  }

  /**
   * Fails within the timeout, naming the address tried, when no broker answers: a person then
   * knows what to fix instead of watching a client retry forever.
   */
  public void checkReachable(Admin admin) {
    try {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerUnreachableException(this, "interrupted");
    } catch (ExecutionException | TimeoutException e) {
      String cause = e.getCause() == null ? "no answer" : e.getCause().getMessage();
      throw new BrokerUnreachableException(this, cause);
    }
  }
}
