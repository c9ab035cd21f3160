package io.charstream.service;

import io.charstream.schemas.Topic;
import io.charstream.schemas.TopicCreator;
import java.util.Collection;
import org.apache.kafka.clients.admin.Admin;

/** What every service and command does before it reads or writes: check that the broker answers, create missing topics. */
public final class ServiceStartup {
  private ServiceStartup() {}

  /** @throws BrokerUnreachableException within the connection's timeout when no broker answers */
  public static void checkBrokerAndCreateTopics(KafkaConnection kafka, Collection<? extends Topic<?, ?>> topics,
      String clientId) {
    try (Admin admin = kafka.admin(clientId)) {
      kafka.checkReachable(admin);
      TopicCreator.ensure(admin, topics, kafka.timeout().toMillis());
    }
  }
}
