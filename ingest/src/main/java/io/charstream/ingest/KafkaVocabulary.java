package io.charstream.ingest;

import io.charstream.events.VocabEntry;
import io.charstream.schemas.Topic;
import io.charstream.service.KafkaConnection;
import io.charstream.service.vocab.VocabularyReader;
import io.charstream.service.vocab.VocabularyTable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared vocabulary, kept on the compacted {@code vocab} topic and agreed on by every ingest
 * instance.
 *
 * <p>Ids are given by one writer at a time: every instance writes new entries through a
 * transactional producer with the same transactional id. Initialising it fences every other
 * holder (their next commit fails), so after {@code initTransactions} and reading the topic to
 * its end, the holder knows every committed id and nobody else can commit until it is fenced in
 * turn. An entry is therefore written only for a character that had no id, every record of a
 * character carries the same id, and compaction (which keeps the last record per character)
 * changes nothing. An instance fenced mid-write re-reads the topic and tries again.
 */
public final class KafkaVocabulary implements Vocabulary {
  private static final Logger log = LoggerFactory.getLogger(KafkaVocabulary.class);
  private static final int WRITE_ATTEMPTS = 20;

  private final KafkaConnection kafka;
  private final Topic<String, VocabEntry> topic;
  private final String transactionalId;
  private final VocabularyTable table;
  private final VocabularyReader reader;
  private final Set<String> overflowReported = new HashSet<>();
  private KafkaProducer<String, VocabEntry> writer;

  public KafkaVocabulary(KafkaConnection kafka, Topic<String, VocabEntry> topic, int capacity, String topicPrefix,
      String instanceId) {
    this.kafka = kafka;
    this.topic = topic;
    this.transactionalId = topicPrefix + "charstream-vocab-writer";
    this.table = new VocabularyTable(capacity);
    this.reader = new VocabularyReader(kafka, topic, table, "vocab-reader-" + instanceId);
    synchronized (this) {
      reader.catchUp();
    }
    log.info("vocabulary loaded: {} characters of {} ids", table.size(), capacity - 1);
  }

  public VocabularyTable table() {
    return table;
  }

  @Override
  public int[] encode(String text) {
    List<String> unknown = table.unknownCharacters(text);
    if (!unknown.isEmpty()) {
      register(unknown);
    }
    return table.encode(text);
  }

  private synchronized void register(List<String> characters) {
    reader.catchUp();
    for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      try {
        if (writer == null) {
          writer = createWriter();
          writer.initTransactions();
          // Fenced everyone else; now read every id they committed before.
          reader.catchUp();
        }
        writeNewIds(characters);
        return;
      } catch (ProducerFencedException | InvalidProducerEpochException e) {
        log.debug("another ingest instance took the vocabulary writer role; re-reading and retrying");
        closeWriter();
        reader.catchUp();
      } catch (KafkaException e) {
        log.warn("writing vocabulary entries failed ({}), attempt {} of {}", e.getMessage(), attempt, WRITE_ATTEMPTS);
        closeWriter();
        sleepBeforeRetry(attempt);
        reader.catchUp();
      }
    }
    throw new IllegalStateException("could not write vocabulary entries after " + WRITE_ATTEMPTS + " attempts");
  }

  private void writeNewIds(List<String> characters) {
    List<String> stillUnknown = characters.stream().filter(c -> table.idOf(c).isEmpty()).toList();
    if (stillUnknown.isEmpty()) {
      return;
    }
    Map<String, Integer> proposal = table.proposeIds(stillUnknown);
    reportOverflow(stillUnknown, proposal);
    if (proposal.isEmpty()) {
      return;
    }
    writer.beginTransaction();
    proposal.forEach((character, id) ->
        writer.send(new ProducerRecord<>(topic.name(), 0, character, new VocabEntry(character, id))));
    writer.commitTransaction();
    proposal.forEach(table::record);
    log.info("vocabulary: {} new characters, {} of {} ids used", proposal.size(), table.size(),
        table.capacity() - 1);
  }

  private void reportOverflow(List<String> wanted, Map<String, Integer> proposal) {
    for (String character : wanted) {
      if (!proposal.containsKey(character) && overflowReported.add(character)) {
        log.warn("vocabulary full ({} ids): '{}' (U+{}) maps to the unknown id", table.capacity(), character,
            Integer.toHexString(character.codePointAt(0)).toUpperCase());
      }
    }
  }

  private KafkaProducer<String, VocabEntry> createWriter() {
    Map<String, Object> config = kafka.producerConfig(transactionalId);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
    return new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  private void closeWriter() {
    if (writer != null) {
      try {
        writer.close(java.time.Duration.ofSeconds(5));
      } catch (KafkaException e) {
        log.debug("closing a fenced vocabulary writer: {}", e.getMessage());
      }
      writer = null;
    }
  }

  private static void sleepBeforeRetry(int attempt) {
    try {
      Thread.sleep(Math.min(2_000, 50L * attempt * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing vocabulary entries", e);
    }
  }

  @Override
  public synchronized void close() {
    closeWriter();
    reader.close();
  }
}
