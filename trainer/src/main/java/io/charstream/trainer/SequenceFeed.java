package io.charstream.trainer;

import io.charstream.events.Sequence;
import io.charstream.schemas.Topic;
import io.charstream.service.KafkaConnection;
import io.charstream.service.TopicReader;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The windows of one sequence topic as they are committed: from the beginning, or from the
 * offsets a snapshot recorded, then incrementally. It hands windows on and keeps none: what is
 * kept is the {@code TrainingMemory}'s business. It counts what it consumed and knows where it is.
 */
final class SequenceFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SequenceFeed.class);

  private final TopicReader<String, Sequence> reader;
  private final int vocabularySize;
  private int windowLength = -1;
  private long consumedCharacters;
  private long skipped;

  SequenceFeed(KafkaConnection kafka, Topic<String, Sequence> topic, int vocabularySize, String clientId) {
    this.vocabularySize = vocabularySize;
    this.reader = TopicReader.fromBeginning(kafka, topic, clientId);
  }

  /** Goes on from where a snapshot says its trainer was, counting what that trainer had consumed. */
  void resumeAt(Map<TopicPartition, Long> offsets, long consumedBefore) {
    reader.seek(offsets);
    consumedCharacters = consumedBefore;
  }

  /** Hands every window committed since the last call to the sink. @return how many */
  int catchUp(Consumer<int[]> sink) {
    int[] count = {0};
    reader.readToCurrentEnd(record -> {
      int[] window = windowOf(record.value());
      if (window != null) {
        sink.accept(window);
        consumedCharacters += window.length;
        count[0]++;
      }
    });
    return count[0];
  }

  /** Characters of the windows consumed since the model began. */
  long consumedCharacters() {
    return consumedCharacters;
  }

  /** The offset of the next record to consume, per partition. */
  Map<TopicPartition, Long> positions() {
    return reader.positions();
  }

  private int[] windowOf(Sequence sequence) {
    List<Integer> ids = sequence.getIds();
    if (windowLength < 0) {
      windowLength = ids.size();
    }
    int[] window = new int[ids.size()];
    boolean fits = window.length == windowLength && window.length >= 2;
    for (int i = 0; i < window.length; i++) {
      window[i] = ids.get(i);
      fits &= window[i] >= 0 && window[i] < vocabularySize;
    }
    if (fits) {
      return window;
    }
    if (skipped++ == 0) {
      log.warn("skipping sequences that do not fit the model (length {} where {} is expected, or ids past the "
          + "vocabulary capacity {}): was windowing or the vocabulary reconfigured?", window.length, windowLength,
          vocabularySize);
    }
    return null;
  }

  @Override
  public void close() {
    reader.close();
  }
}
