package io.charstream.ingest;

import io.charstream.service.CommonSettings;
import io.charstream.service.Service;
import io.charstream.service.StreamsService;
import io.charstream.schemas.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The ingest service: validates raw text, gives characters their shared ids and writes
 * {@code text.ids}; bad input goes to {@code text.rejected} with its reason.
 */
public final class IngestService implements Service {
  private final IngestSettings settings;
  private final String instanceId;
  private KafkaVocabulary vocabulary;
  private StreamsService streams;

  /**
   * @param instanceId names this instance's clients; instances of one deployment share the
   *     application id (and so split the partitions of text.raw) and the vocabulary
   */
  public IngestService(IngestSettings settings, String instanceId) {
    this.settings = settings;
    this.instanceId = instanceId;
  }

  @Override
  public String name() {
    return IngestTopology.SERVICE;
  }

  @Override
  public synchronized void start() {
    CommonSettings common = settings.common();
    Topics topics = common.topics();
    TextDecoder decoder = new TextDecoder(settings.defaultDocId(), settings.maxTextBytes());
    streams = new StreamsService(name(), common, List.of(topics.textRaw, topics.textRejected, topics.vocab,
        topics.textIds), () -> IngestTopology.build(topics, decoder, vocabulary),
        Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitIntervalMs(),
            StreamsConfig.CLIENT_ID_CONFIG, "charstream-ingest-" + instanceId));
    streams.createTopicsAndCheckBroker();
    vocabulary = new KafkaVocabulary(common.kafka(), topics.vocab, common.vocabCapacity(),
        topics.settings().prefix(), instanceId);
    streams.start();
  }

  /** Partitions of text.raw this instance processes now. */
  public synchronized int activeTaskCount() {
    return streams == null ? 0 : streams.activeTaskCount();
  }

  @Override
  public synchronized boolean healthy() {
    return streams != null && streams.healthy();
  }

  @Override
  public synchronized Map<String, Double> metrics() {
    return streams == null ? Map.of() : streams.metrics();
  }

  @Override
  public synchronized void close() {
    if (streams != null) {
      streams.close();
      streams = null;
    }
    if (vocabulary != null) {
      vocabulary.close();
      vocabulary = null;
    }
  }
}
