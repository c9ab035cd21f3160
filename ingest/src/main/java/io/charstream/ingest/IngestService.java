package io.charstream.ingest;

import io.charstream.schemas.Topics;
import io.charstream.service.CommonSettings;
import io.charstream.service.Instance;
import io.charstream.service.StreamsBackedService;
import io.charstream.service.StreamsService;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The ingest service: validates raw text, gives characters their shared ids and writes
 * {@code text.ids}; bad input goes to {@code text.rejected} with its reason.
 */
public final class IngestService extends StreamsBackedService {
  private final IngestSettings settings;
  private final Instance instance;
  private KafkaVocabulary vocabulary;

  /**
   * @param instanceId names this instance's clients; instances of one deployment share the
   *     application id (and so split the partitions of text.raw) and the vocabulary
   */
  public IngestService(IngestSettings settings, Instance instance) {
    this.settings = settings;
    this.instance = instance;
  }

  /** A named instance (static group membership). */
  public IngestService(IngestSettings settings, String instanceId) {
    this(settings, Instance.named(instanceId));
  }

  @Override
  public String name() {
    return IngestTopology.SERVICE;
  }

  @Override
  protected StreamsService createStreams() {
    CommonSettings common = settings.common();
    Topics topics = common.topics();
    TextDecoder decoder = new TextDecoder(settings.defaultDocId(), settings.maxTextBytes());
    return new StreamsService(name(), instance, common, List.of(topics.textRaw, topics.textRejected, topics.vocab,
        topics.textIds), () -> IngestTopology.build(topics, decoder, vocabulary),
        Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitIntervalMs()));
  }

  /** The vocabulary's writer needs the vocab topic, so it opens once the topics exist. */
  @Override
  protected void beforeStreamsStart(StreamsService streams) {
    CommonSettings common = settings.common();
    vocabulary = new KafkaVocabulary(common.kafka(), common.topics().vocab, common.vocabCapacity(),
        common.topics().settings().prefix(), instance.id());
  }

  @Override
  protected void afterStreamsClose() {
    if (vocabulary != null) {
      vocabulary.close();
      vocabulary = null;
    }
  }
}
