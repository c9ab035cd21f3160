package io.charstream.schemas;

import io.charstream.events.EncodedText;
import io.charstream.events.EpochMetrics;
import io.charstream.events.Generation;
import io.charstream.events.GenerationChunk;
import io.charstream.events.ModelSnapshot;
import io.charstream.events.PromptRequest;
import io.charstream.events.Rejection;
import io.charstream.events.Sequence;
import io.charstream.events.TextEvent;
import io.charstream.events.TrainingProgress;
import io.charstream.events.VocabEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one catalogue of charstream's topics. Services take their topics from here and never
 * spell a topic name or choose a serde themselves. Immutable: build one per configuration.
 */
public final class Topics {

  public static final String TEXT_RAW = "text.raw";
  public static final String TEXT_REJECTED = "text.rejected";
  public static final String VOCAB = "vocab";
  public static final String TEXT_IDS = "text.ids";
  public static final String SEQUENCES_TRAIN = "sequences.train";
  public static final String SEQUENCES_VALIDATION = "sequences.validation";
  public static final String TRAINING_METRICS = "training.metrics";
  public static final String TRAINING_PROGRESS = "training.progress";
  public static final String MODELS = "models";
  public static final String PROMPTS = "prompts";
  public static final String GENERATIONS = "generations";
  public static final String GENERATION_CHUNKS = "generations.chunks";
  public static final String PROMPTS_REJECTED = "prompts.rejected";

  /** Room around the text cap for the record's key, headers and batch overhead. */
  private static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

  /** Plain UTF-8 text or an Avro {@link TextEvent}, keyed by document id (may be null). */
  public final Topic<String, byte[]> textRaw;
  public final Topic<String, Rejection> textRejected;
  public final Topic<String, VocabEntry> vocab;
  public final Topic<String, EncodedText> textIds;
  public final Topic<String, Sequence> sequencesTrain;
  public final Topic<String, Sequence> sequencesValidation;
  public final Topic<String, EpochMetrics> trainingMetrics;
  public final Topic<String, TrainingProgress> trainingProgress;
  /** Keyed by {@link ModelKey}: model name and version. */
  public final Topic<String, ModelSnapshot> models;
  public final Topic<String, PromptRequest> prompts;
  public final Topic<String, Generation> generations;
  /**
   * Streamed continuations as they are sampled, keyed by request id (so one request's chunks are
   * in order on one partition). Written outside the answer's transaction, so that readers see them
   * at once; the final {@link Generation} names the attempt whose chunks make its text.
   */
  public final Topic<String, GenerationChunk> generationChunks;
  /** Prompt records the generator cannot answer because they name no request id: the reason and the bytes. */
  public final Topic<String, Rejection> promptsRejected;

  private final TopicSettings settings;

  public Topics(TopicSettings settings) {
    this.settings = settings;
    Serde<String> key = Serdes.String();
    // An oversized text must still reach ingest (and text.rejected) to be rejected with its reason.
    int textRecordBytes = settings.maxTextBytes() + RECORD_OVERHEAD_BYTES;
    int snapshotRecordBytes = settings.maxSnapshotBytes() + RECORD_OVERHEAD_BYTES;

    textRaw = topic(TEXT_RAW, key, Serdes.ByteArray(), settings.textRawPartitions(), largeMessages(log(), textRecordBytes));
    textRejected = topic(TEXT_REJECTED, key, Events.REJECTION, settings.partitions(), largeMessages(log(), textRecordBytes));
    vocab = topic(VOCAB, key, Events.VOCAB_ENTRY, 1, compacted());
    textIds = topic(TEXT_IDS, key, Events.ENCODED_TEXT, settings.partitions(), largeMessages(log(), textRecordBytes * 2));
    sequencesTrain = topic(SEQUENCES_TRAIN, key, Events.SEQUENCE, settings.partitions(), log());
    sequencesValidation = topic(SEQUENCES_VALIDATION, key, Events.SEQUENCE, settings.partitions(), log());
    trainingMetrics = topic(TRAINING_METRICS, key, Events.EPOCH_METRICS, 1, log());
    trainingProgress = topic(TRAINING_PROGRESS, key, Events.TRAINING_PROGRESS, 1, log());
    models = topic(MODELS, key, Events.MODEL_SNAPSHOT, 1, largeMessages(compacted(), snapshotRecordBytes));
    prompts = topic(PROMPTS, key, Events.PROMPT_REQUEST, settings.partitions(), log());
    generations = topic(GENERATIONS, key, Events.GENERATION, settings.partitions(), log());
    generationChunks = topic(GENERATION_CHUNKS, key, Events.GENERATION_CHUNK, settings.partitions(), log());
    promptsRejected = topic(PROMPTS_REJECTED, key, Events.REJECTION, settings.partitions(), log());
  }

  public TopicSettings settings() {
    return settings;
  }

  public List<Topic<?, ?>> all() {
    return List.of(textRaw, textRejected, vocab, textIds, sequencesTrain, sequencesValidation,
        trainingMetrics, trainingProgress, models, prompts, generations, generationChunks, promptsRejected);
  }

  /** Finds a topic by its name without the prefix (as users type it), e.g. {@code sequences.train}. */
  public Optional<Topic<?, ?>> byShortName(String shortName) {
    return all().stream().filter(t -> t.name().equals(settings.prefix() + shortName)).findFirst();
  }

  private <K, V> Topic<K, V> topic(String shortName, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
      Map<String, String> configs) {
    return new Topic<>(settings.prefix() + shortName, keySerde, valueSerde, partitions,
        settings.replicationFactor(), configs);
  }

  private Map<String, String> log() {
    Map<String, String> configs = new HashMap<>();
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
    configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.retentionMs()));
    configs.put(TopicConfig.RETENTION_BYTES_CONFIG, Long.toString(settings.retentionBytes()));
    return configs;
  }

  private static Map<String, String> compacted() {
    Map<String, String> configs = new HashMap<>();
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    return configs;
  }

  private static Map<String, String> largeMessages(Map<String, String> configs, int maxRecordBytes) {
    configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxRecordBytes));
    return configs;
  }
}
