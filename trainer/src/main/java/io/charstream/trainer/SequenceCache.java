package io.charstream.trainer;

import io.charstream.events.Sequence;
import io.charstream.schemas.Topic;
import io.charstream.service.KafkaConnection;
import io.charstream.service.TopicReader;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sequences of one topic, read from the beginning and then incrementally into memory, so an
 * epoch never waits on Kafka: {@link #catchUp()} reads every committed sequence up to the end
 * offsets it sees, and an epoch covers exactly what was there when it started.
 */
final class SequenceCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SequenceCache.class);

  private final TopicReader<String, Sequence> reader;
  private final List<int[]> windows = new ArrayList<>();
  private final int vocabularySize;
  private int windowLength = -1;
  private long skipped;

  SequenceCache(KafkaConnection kafka, Topic<String, Sequence> topic, int vocabularySize, String clientId) {
    this.vocabularySize = vocabularySize;
    this.reader = TopicReader.fromBeginning(kafka, topic, clientId);
  }

  /** Reads what was committed since the last call. @return how many windows were added */
  int catchUp() {
    int before = windows.size();
    reader.readToCurrentEnd(record -> add(record.value()));
    return windows.size() - before;
  }

  private void add(Sequence sequence) {
    List<Integer> ids = sequence.getIds();
    if (windowLength < 0) {
      windowLength = ids.size();
    }
    int[] window = new int[ids.size()];
    for (int i = 0; i < window.length; i++) {
      window[i] = ids.get(i);
    }
    boolean fits = window.length == windowLength && window.length >= 2;
    for (int id : window) {
      fits &= id >= 0 && id < vocabularySize;
    }
    if (!fits) {
      if (skipped++ == 0) {
        log.warn("skipping sequences that do not fit the model (length {} where {} is expected, or ids past the "
            + "vocabulary capacity {}): was windowing or the vocabulary reconfigured?", window.length, windowLength,
            vocabularySize);
      }
      return;
    }
    windows.add(window);
  }

  List<int[]> windows() {
    return windows;
  }

  @Override
  public void close() {
    reader.close();
  }
}
