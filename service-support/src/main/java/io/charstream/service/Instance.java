package io.charstream.service;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Which instance of a service this process runs ({@code instance.id}). A named instance is a
 * static member of its consumer groups ({@code group.instance.id}): restarted under the same name
 * it takes its partitions back at once, without a rebalance. An unnamed one (the host name is then
 * only a label) joins dynamically, so that two instances on one host never fence each other. Either
 * way a member that dies is noticed after {@link #SESSION_TIMEOUT_MS}, not Kafka's 45-second default.
 */
public record Instance(String id, boolean named) {
  public static final int SESSION_TIMEOUT_MS = 10_000;

  /** A named instance, as tests and deployments that set instance.id give it. */
  public static Instance named(String id) {
    return new Instance(id, true);
  }

  /**
   * Consumer settings of a group member.
   *
   * @param member unique among the group's members for this instance: the prefix, the service, the instance
   */
  public void joinAs(Map<String, Object> consumerConfig, String member) {
    consumerConfig.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
    consumerConfig.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, SESSION_TIMEOUT_MS / 5);
    if (named) {
      consumerConfig.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, member);
    }
  }
}
