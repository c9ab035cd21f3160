package io.charstream.generator;

import io.charstream.events.Generation;
import io.charstream.events.ModelSnapshot;
import io.charstream.events.PromptRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Answers requests that one model version serves, in batches of up to generator.max.batch rows. */
final class Continuations {
  /** A request ready to run, with the model version that serves it and when it arrived. */
  record Pending(PromptRequest request, ModelSnapshot snapshot, long receivedMs) {}

  private final ContinuationGenerator generator;
  private final ModelCache models = new ModelCache();
  private final Answers answers;
  private final int maxBatch;

  Continuations(ContinuationGenerator generator, Answers answers, int maxBatch) {
    this.generator = generator;
    this.answers = answers;
    this.maxBatch = maxBatch;
  }

  /** @param sameVersion requests that one model version serves */
  List<Answer> answer(List<Pending> sameVersion) {
    ServedModel model = models.load(sameVersion.get(0).snapshot());
    List<Answer> out = new ArrayList<>();
    for (int from = 0; from < sameVersion.size(); from += maxBatch) {
      List<Pending> batch = sameVersion.subList(from, Math.min(sameVersion.size(), from + maxBatch));
      List<ContinuationGenerator.Job> jobs = new ArrayList<>();
      for (Pending pending : batch) {
        PromptRequest r = pending.request();
        long seed = r.getSeed() != null ? r.getSeed() : new Random().nextLong();
        jobs.add(new ContinuationGenerator.Job(model.vocabulary.encode(r.getPrompt()), r.getMaxChars(),
            r.getTemperature(), r.getTopK() == null ? 0 : r.getTopK(), new Random(seed)));
      }
      long started = System.currentTimeMillis();
      List<int[]> texts = generator.generate(model, jobs);
      long generationMs = Math.max(1, System.currentTimeMillis() - started);
      for (int j = 0; j < batch.size(); j++) {
        Pending pending = batch.get(j);
        String text = model.vocabulary.decode(Arrays.stream(texts.get(j)).boxed().toList());
        out.add(answers.text(Generation.newBuilder()
            .setRequestId(pending.request().getRequestId())
            .setText(text)
            .setModelName(model.name)
            .setModelVersion(model.version)
            .setQueueWaitMs(Math.max(0, started - pending.receivedMs()))
            .setGenerationMs(generationMs)
            .setCharactersPerSecond(texts.get(j).length * 1000.0 / generationMs)
            .build()));
      }
    }
    return out;
  }
}
