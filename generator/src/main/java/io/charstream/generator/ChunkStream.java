package io.charstream.generator;

import io.charstream.events.GenerationChunk;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * One streamed request's continuation on its way out: the characters sampled since the last chunk,
 * handed on as a {@link GenerationChunk} once the interval has passed, and the rest when the
 * continuation ends. The chunks of one stream add up to its whole text. Used by one thread.
 */
final class ChunkStream implements IntConsumer {
  private final String requestId;
  private final String attempt;
  private final ServedModel model;
  private final long intervalNanos;
  private final Consumer<GenerationChunk> out;
  private final StringBuilder pending = new StringBuilder();
  private int index;
  private long lastSentNanos = System.nanoTime();

  ChunkStream(String requestId, String attempt, ServedModel model, long intervalMs, Consumer<GenerationChunk> out) {
    this.requestId = requestId;
    this.attempt = attempt;
    this.model = model;
    this.intervalNanos = intervalMs * 1_000_000;
    this.out = out;
  }

  String attempt() {
    return attempt;
  }

  @Override
  public void accept(int id) {
    pending.append(model.vocabulary.character(id));
    if (System.nanoTime() - lastSentNanos >= intervalNanos) {
      send();
    }
  }

  /** Sends what is left: after it, the chunks hold the whole continuation. */
  void finish() {
    if (pending.length() > 0 || index == 0) {
      send();
    }
  }

  private void send() {
    out.accept(GenerationChunk.newBuilder().setRequestId(requestId).setAttempt(attempt).setIndex(index++)
        .setText(pending.toString()).setModelName(model.name).setModelVersion(model.version).build());
    pending.setLength(0);
    lastSentNanos = System.nanoTime();
  }
}
