package io.charstream.schemas;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalogue's topics that do not exist yet, with the catalogue's configurations and,
 * unless the deployment fixes it, as many replicas as the cluster allows up to three.
 * Services call it at start-up; several doing so at once is fine (an existing topic is left as it is).
 */
public final class TopicCreator {
  private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);

  private TopicCreator() {}

  public static void ensure(Admin admin, Collection<? extends Topic<?, ?>> topics, long timeoutMs) {
    try {
      Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
      List<? extends Topic<?, ?>> absent = topics.stream().filter(t -> !existing.contains(t.name())).toList();
      if (absent.isEmpty()) {
        return;
      }
      int brokers = admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
      List<NewTopic> missing = absent.stream().map(t -> t.newTopic(brokers)).toList();
      for (var entry : admin.createTopics(missing).values().entrySet()) {
        try {
          entry.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
          log.info("created topic {}", entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e);
          }
        }
      }
      awaitLeaders(admin, missing.stream().map(NewTopic::name).toList(), timeoutMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot list topics: " + e.getMessage(), e);
    }
  }

  /**
   * A created topic reaches the broker's metadata a moment after the controller has committed it
   * (or another service is creating it at the same time): until every partition has a leader, a
   * client starting right away would not find it.
   */
  private static void awaitLeaders(Admin admin, List<String> names, long timeoutMs)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (true) {
      try {
        var descriptions = admin.describeTopics(names).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
        if (descriptions.values().stream().allMatch(d -> !d.partitions().isEmpty()
            && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()))) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      if (System.currentTimeMillis() >= deadline) {
        throw new TimeoutException("topics " + names + " have no leader after " + timeoutMs + " ms");
      }
      Thread.sleep(50);
    }
  }
}
