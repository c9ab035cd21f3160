package io.charstream.service;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group's committed offsets are behind the committed end of a topic. A group
 * that commits its offsets in the transactions that write its output (the Streams services, the
 * generator) has written everything it will write for the records before its committed offsets,
 * so a lag of 0 proves its output for the topic so far is complete.
 */
public final class GroupLag {
  private GroupLag() {}

  /** @return records behind, summed over the topic's partitions; -1 when the group or the topic does not exist yet */
  public static long of(Admin admin, String group, String topic) throws InterruptedException {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
      Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(
          p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
      var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
      long lag = 0;
      for (var end : ends.entrySet()) {
        OffsetAndMetadata offset = committed.get(end.getKey());
        lag += end.getValue().offset() - (offset == null ? 0 : offset.offset());
      }
      return lag;
    } catch (ExecutionException e) {
      return -1;
    }
  }
}
