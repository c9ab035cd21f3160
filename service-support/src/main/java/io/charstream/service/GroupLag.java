package io.charstream.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** Where a group is on a topic: the sum of its committed offsets and of the topic's committed ends. */
  public record Position(long committed, long end) {
    public long lag() {
      return end - committed;
    }
  }

  /** @return records behind, summed over the topic's partitions; -1 when the group or the topic does not exist yet */
  public static long of(Admin admin, String group, String topic) throws InterruptedException {
    return position(admin, group, topic).map(Position::lag).orElse(-1L);
  }

  /** @return the group's position on the topic; empty when the group or the topic does not exist yet */
  public static Optional<Position> position(Admin admin, String group, String topic) throws InterruptedException {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
      Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(
          p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
      var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
      long end = 0;
      long done = 0;
      for (var partitionEnd : ends.entrySet()) {
        OffsetAndMetadata offset = committed.get(partitionEnd.getKey());
        end += partitionEnd.getValue().offset();
        done += offset == null ? 0 : offset.offset();
      }
      return Optional.of(new Position(done, end));
    } catch (ExecutionException e) {
      return Optional.empty();
    }
  }
}
