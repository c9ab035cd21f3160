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

/** One serde per event type; serdes are stateless apart from thread-local buffers, so shared. */
public final class Events {
  public static final AvroSerde<TextEvent> TEXT_EVENT = new AvroSerde<>(TextEvent.getClassSchema());
  public static final AvroSerde<Rejection> REJECTION = new AvroSerde<>(Rejection.getClassSchema());
  public static final AvroSerde<VocabEntry> VOCAB_ENTRY = new AvroSerde<>(VocabEntry.getClassSchema());
  public static final AvroSerde<EncodedText> ENCODED_TEXT = new AvroSerde<>(EncodedText.getClassSchema());
  public static final AvroSerde<Sequence> SEQUENCE = new AvroSerde<>(Sequence.getClassSchema());
  public static final AvroSerde<EpochMetrics> EPOCH_METRICS = new AvroSerde<>(EpochMetrics.getClassSchema());
  public static final AvroSerde<TrainingProgress> TRAINING_PROGRESS =
      new AvroSerde<>(TrainingProgress.getClassSchema());
  public static final AvroSerde<ModelSnapshot> MODEL_SNAPSHOT = new AvroSerde<>(ModelSnapshot.getClassSchema());
  public static final AvroSerde<PromptRequest> PROMPT_REQUEST = new AvroSerde<>(PromptRequest.getClassSchema());
  public static final AvroSerde<Generation> GENERATION = new AvroSerde<>(Generation.getClassSchema());
  public static final AvroSerde<GenerationChunk> GENERATION_CHUNK = new AvroSerde<>(GenerationChunk.getClassSchema());

  private Events() {}
}
