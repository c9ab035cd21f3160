package io.charstream.generator;

import io.charstream.model.inference.CharModelInference;
import io.charstream.service.Chunks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Writes continuations for several prompts at once with one model: each prompt is read on its
 * own (prompts differ in length), then their recurrent states are stacked and every further
 * character of every request comes from one batched step. Each request samples with its own
 * random source and a step computes each row independently of the others, so a request's text
 * depends only on its prompt, settings, seed and the model version.
 *
 * <p>With more than one thread, a large batch is cut into consecutive groups of requests, one
 * per core, each stepped as its own batch with its own states (the model's weights are only
 * read); the texts are the same as with one thread.
 */
public final class ContinuationGenerator implements AutoCloseable {
  /** Below this many requests per group, a second thread costs more than it saves. */
  static final int MIN_REQUESTS_PER_THREAD = 4;

  /**
   * One request's part in a batch.
   *
   * @param sampled told each id of the continuation as soon as it is sampled, on the thread that steps
   *     the request's group (for streaming)
   */
  public record Job(int[] promptIds, int length, double temperature, int topK, Random random, IntConsumer sampled) {
    /** For a request no one reads while it is written. */
    public static final IntConsumer UNWATCHED = id -> {};

    public Job(int[] promptIds, int length, double temperature, int topK, Random random) {
      this(promptIds, length, temperature, topK, random, UNWATCHED);
    }
  }

  private final int threads;
  private final ExecutorService helpers;

  /** @param threads cores a batch may use; 1 keeps everything on the calling thread */
  public ContinuationGenerator(int threads) {
    this.threads = threads;
    this.helpers = threads > 1 ? Executors.newFixedThreadPool(threads - 1, runnable -> {
      Thread thread = new Thread(runnable, "charstream-generator-helper");
      thread.setDaemon(true);
      return thread;
    }) : null;
  }

  /** @return each job's continuation, as ids, in the order of the jobs */
  public List<int[]> generate(ServedModel model, List<Job> jobs) {
    int groups = Math.max(1, Math.min(threads, jobs.size() / MIN_REQUESTS_PER_THREAD));
    if (groups == 1) {
      return generateTogether(model, jobs);
    }
    List<List<Job>> shares = Chunks.of(jobs, (jobs.size() + groups - 1) / groups);
    List<Future<List<int[]>>> others = new ArrayList<>();
    for (List<Job> share : shares.subList(1, shares.size())) {
      others.add(helpers.submit(() -> generateTogether(model, share)));
    }
    List<int[]> texts = new ArrayList<>(generateTogether(model, shares.get(0)));
    for (Future<List<int[]>> other : others) {
      texts.addAll(result(other));
    }
    return texts;
  }

  private static List<int[]> result(Future<List<int[]>> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while generating", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    }
  }

  /** One batch, stepped on the calling thread. */
  private static List<int[]> generateTogether(ServedModel model, List<Job> jobs) {
    CharModelInference network = model.network;
    int vocabulary = network.vocabulary();
    List<float[]> next = new ArrayList<>();
    List<CharModelInference.State> states = new ArrayList<>();
    for (Job job : jobs) {
      CharModelInference.State state = network.newState(1);
      next.add(network.read(job.promptIds(), state));
      states.add(state);
    }
    CharModelInference.State batch = network.stack(states);
    int longest = jobs.stream().mapToInt(Job::length).max().orElse(0);
    List<int[]> texts = new ArrayList<>();
    jobs.forEach(job -> texts.add(new int[job.length()]));
    int[] input = new int[jobs.size()];
    for (int position = 0; position < longest; position++) {
      for (int j = 0; j < jobs.size(); j++) {
        Job job = jobs.get(j);
        int id = Sampler.sample(next.get(j), model.producible, job.temperature(), job.topK(), job.random());
        if (position < job.length()) {
          texts.get(j)[position] = id;
          job.sampled().accept(id);
        }
        input[j] = id;
      }
      if (position == longest - 1) {
        break;
      }
      float[] probabilities = network.step(input, batch);
      for (int j = 0; j < jobs.size(); j++) {
        next.set(j, Arrays.copyOfRange(probabilities, j * vocabulary, (j + 1) * vocabulary));
      }
    }
    return texts;
  }

  @Override
  public void close() {
    if (helpers != null) {
      helpers.shutdownNow();
    }
  }
}
