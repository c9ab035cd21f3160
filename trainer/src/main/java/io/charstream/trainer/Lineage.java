package io.charstream.trainer;

import io.charstream.events.ModelSnapshot;
import io.charstream.events.PartitionOffset;
import io.charstream.events.WindowMemory;
import io.charstream.trainer.memory.TrainingMemory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What a snapshot records of where its version came from, in the events' terms: the offsets the
 * trainer had consumed up to, and the windows it held. A restarted trainer reads both back.
 */
final class Lineage {
  private Lineage() {}

  static List<PartitionOffset> offsets(Map<TopicPartition, Long> positions) {
    List<PartitionOffset> offsets = new ArrayList<>();
    positions.forEach((p, offset) -> offsets.add(new PartitionOffset(p.topic(), p.partition(), offset)));
    return offsets;
  }

  /** The recorded offsets of one topic's partitions. */
  static Map<TopicPartition, Long> offsetsOf(ModelSnapshot snapshot, String topic) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (PartitionOffset offset : snapshot.getConsumedOffsets()) {
      if (offset.getTopic().equals(topic)) {
        offsets.put(new TopicPartition(topic, offset.getPartition()), offset.getOffset());
      }
    }
    return offsets;
  }

  static WindowMemory memory(TrainingMemory memory) {
    TrainingMemory.State state = memory.state();
    return new WindowMemory(state.windowLength(), state.idBytes(), state.older(), state.added(),
        ByteBuffer.wrap(state.reservoir()), ByteBuffer.wrap(state.recent()));
  }

  /** Puts a recorded memory back; a snapshot without one (written before memories were recorded) leaves it empty. */
  static void restore(TrainingMemory memory, WindowMemory recorded) {
    if (recorded != null) {
      memory.restore(new TrainingMemory.State(recorded.getWindowLength(), recorded.getIdBytes(), recorded.getOlder(),
          recorded.getAdded(), bytes(recorded.getReservoir()), bytes(recorded.getRecent())));
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
