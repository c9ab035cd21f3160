package io.charstream.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until no transaction is open on a topic: every partition's last stable offset has reached
 * its high watermark. A transactional writer killed mid-transaction leaves one open until the
 * broker aborts it, and a read_committed reader stops at it, missing what was committed after;
 * once none is open, reading to the end sees everything that will ever be committed so far.
 */
public final class OpenTransactions {
  private OpenTransactions() {}

  public static void awaitNone(Admin admin, String topic, Duration timeout) throws Exception {
    Eventually.await("no open transaction on " + topic, timeout, () -> openPartitions(admin, topic),
        List::isEmpty);
  }

  private static List<TopicPartition> openPartitions(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
    var high = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
    return latest.keySet().stream().filter(p -> stable.get(p).offset() < high.get(p).offset()).toList();
  }
}
