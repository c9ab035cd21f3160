package io.charstream.service.vocab;

import io.charstream.events.VocabEntry;
import io.charstream.schemas.Topic;
import io.charstream.service.KafkaConnection;
import io.charstream.service.TopicReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted, single-partition vocabulary topic into a {@link VocabularyTable}, from the
 * beginning and then incrementally: each {@link #catchUp()} reads every committed entry up to the
 * end offset it sees. Not thread-safe: one owner calls it.
 */
public final class VocabularyReader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VocabularyReader.class);

  private final TopicReader<String, VocabEntry> reader;
  private final VocabularyTable table;

  public VocabularyReader(KafkaConnection kafka, Topic<String, VocabEntry> topic, VocabularyTable table,
      String clientId) {
    this.reader = TopicReader.fromBeginning(kafka, topic, clientId);
    this.table = table;
  }

  public VocabularyTable table() {
    return table;
  }

  /** Reads every entry committed up to now. */
  public void catchUp() {
    reader.readToCurrentEnd(record -> {
      VocabEntry entry = record.value();
      if (entry != null && !table.record(entry.getChar$(), entry.getId())) {
        log.error("vocabulary conflict at offset {}: '{}' already has id {}, the log says {}; keeping the first",
            record.offset(), entry.getChar$(), table.idOf(entry.getChar$()).orElse(-1), entry.getId());
      }
    });
  }

  @Override
  public void close() {
    reader.close();
  }
}
