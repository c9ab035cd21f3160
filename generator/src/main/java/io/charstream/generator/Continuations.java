package io.charstream.generator;

import io.charstream.events.Generation;
import io.charstream.events.GenerationChunk;
import io.charstream.events.ModelSnapshot;
import io.charstream.events.PromptRequest;
import io.charstream.service.Chunks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/** Answers requests that one model version serves, in batches of up to generator.max.batch rows. */
final class Continuations {
  /** A request ready to run, with the model version that serves it and when it arrived. */
  record Pending(PromptRequest request, ModelSnapshot snapshot, long receivedMs) {}

  private final ContinuationGenerator generator;
  private final ModelCache models = new ModelCache();
  private final Answers answers;
  private final int maxBatch;
  private final long streamIntervalMs;
  private final Consumer<GenerationChunk> chunks;

  /** @param chunks where streamed requests' chunks go as they are sampled */
  Continuations(ContinuationGenerator generator, Answers answers, int maxBatch, long streamIntervalMs,
      Consumer<GenerationChunk> chunks) {
    this.generator = generator;
    this.answers = answers;
    this.maxBatch = maxBatch;
    this.streamIntervalMs = streamIntervalMs;
    this.chunks = chunks;
  }

  /** @param sameVersion requests that one model version serves */
  List<Answer> answer(List<Pending> sameVersion) {
    ServedModel model = models.load(sameVersion.get(0).snapshot());
    List<Answer> out = new ArrayList<>();
    for (List<Pending> batch : Chunks.of(sameVersion, maxBatch)) {
      List<ContinuationGenerator.Job> jobs = new ArrayList<>();
      List<ChunkStream> streams = new ArrayList<>();
      for (Pending pending : batch) {
        PromptRequest r = pending.request();
        long seed = r.getSeed() != null ? r.getSeed() : new Random().nextLong();
        // Every try gets its own attempt id: the chunks of a try cut short by a crash are told apart.
        ChunkStream stream = r.getStream() ? new ChunkStream(r.getRequestId(), UUID.randomUUID().toString(), model,
            streamIntervalMs, chunks) : null;
        streams.add(stream);
        jobs.add(new ContinuationGenerator.Job(model.vocabulary.encode(r.getPrompt()), r.getMaxChars(),
            r.getTemperature(), r.getTopK() == null ? 0 : r.getTopK(), new Random(seed),
            stream == null ? ContinuationGenerator.Job.UNWATCHED : stream));
      }
      long started = System.currentTimeMillis();
      List<int[]> texts = generator.generate(model, jobs);
      long generationMs = Math.max(1, System.currentTimeMillis() - started);
      for (int j = 0; j < batch.size(); j++) {
        Pending pending = batch.get(j);
        ChunkStream stream = streams.get(j);
        if (stream != null) {
          stream.finish();
        }
        String text = model.vocabulary.decode(Arrays.stream(texts.get(j)).boxed().toList());
        out.add(answers.text(Generation.newBuilder()
            .setRequestId(pending.request().getRequestId())
            .setText(text)
            .setModelName(model.name)
            .setModelVersion(model.version)
            .setQueueWaitMs(Math.max(0, started - pending.receivedMs()))
            .setGenerationMs(generationMs)
            .setCharactersPerSecond(texts.get(j).length * 1000.0 / generationMs)
            .setAttempt(stream == null ? null : stream.attempt())
            .build()));
      }
    }
    return out;
  }
}
