package io.charstream.model.engine;

import io.charstream.model.Batch;
import io.charstream.model.ModelTraining;
import io.charstream.model.Scores;
import io.charstream.model.VectorApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.Nd4jBlas;

/**
 * Trains a DL4J network with charstream's own passes, each batch's rows split between threads
 * (data parallel): every thread runs forward and backward over its rows into a gradient of its
 * own, the gradients are summed into the network's, and DL4J's own updater applies them, exactly
 * as {@code fit} would (division by the batch size, gradient clipping, Adam, the iteration count).
 * A step allocates nothing once the first batch of its size has been seen.
 */
public final class ParallelTraining implements ModelTraining {
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  /** The updater's temporaries (gradient norms for clipping): sized on the first step, then reused. */
  private static final WorkspaceConfiguration UPDATER_WORKSPACE = WorkspaceConfiguration.builder()
      .initialSize(0).policyLearning(LearningPolicy.FIRST_LOOP).policyAllocation(AllocationPolicy.OVERALLOCATE)
      .policyReset(ResetPolicy.BLOCK_LEFT).build();

  private final MultiLayerNetwork network;
  private final Floats parameters;
  private final Floats gradients;
  private final Gradient gradient;
  private final Updater updater;
  private final String updaterWorkspace;
  private final List<Replica> replicas = new ArrayList<>();
  /** Where replica k > 0 writes its gradient; replica 0 writes straight into the network's. */
  private final List<Floats> replicaGradients = new ArrayList<>();
  private final ExecutorService pool;
  private final int vocabulary;

  /**
   * @param threads threads a batch is split between (at most one per row)
   * @param seed seeds the dropout masks
   */
  public ParallelTraining(MultiLayerNetwork network, int threads, long seed) {
    if (threads < 1) {
      throw new IllegalArgumentException("training needs at least one thread, got " + threads);
    }
    NetworkLayout layout = NetworkLayout.of(network);
    this.network = network;
    this.vocabulary = layout.vocabulary();
    if (network.getFlattenedGradients() == null) {
      network.initGradientsView();
    }
    this.parameters = Floats.of(network.params());
    this.gradients = Floats.of(network.getFlattenedGradients());
    this.gradient = dl4jGradient(network);
    this.updater = network.getUpdater(); // its state is made here, outside the workspace below
    for (int k = 0; k < threads; k++) {
      replicas.add(layout.replica(seed));
      replicaGradients.add(k == 0 ? gradients : Floats.allocate(gradients.length));
    }
    int instance = INSTANCES.incrementAndGet();
    this.updaterWorkspace = "charstream-updater-" + instance;
    if (threads > 1) {
      // One BLAS thread per training thread: more would fight over the same cores.
      ((Nd4jBlas) Nd4j.factory().blas()).setMaxThreads(1);
      AtomicInteger threadNumber = new AtomicInteger();
      this.pool = Executors.newFixedThreadPool(threads - 1, task -> {
        Thread thread = new Thread(task, "charstream-training-" + instance + "-" + threadNumber.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });
    } else {
      this.pool = null;
    }
  }

  /** Why the passes cannot train this network, or empty when they can (the JVM must have the {@link VectorApi}). */
  public static Optional<String> unsupported(MultiLayerNetwork network) {
    return NetworkLayout.unsupported(network);
  }

  @Override
  public Scores step(Batch batch, boolean measureAccuracy) {
    Scores scores = gradients(batch, measureAccuracy);
    int iteration = network.getIterationCount();
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(UPDATER_WORKSPACE,
        updaterWorkspace)) {
      updater.update(network, gradient, iteration, network.getEpochCount(), batch.size(),
          LayerWorkspaceMgr.noWorkspaces());
    }
    parameters.subtract(gradients); // the updater has turned the gradients into the step to take
    BaseOptimizer.incrementIterationCount(network, 1);
    return scores;
  }

  /** The network's gradient for the batch, summed over its rows as DL4J's backprop leaves it, and the scores. */
  Scores gradients(Batch batch) {
    return gradients(batch, true);
  }

  private Scores gradients(Batch batch, boolean measureAccuracy) {
    Scores scores = runReplicas(batch, true, measureAccuracy);
    int used = Math.min(replicas.size(), batch.size());
    for (int k = 1; k < used; k++) {
      gradients.addFrom(replicaGradients.get(k), 0, 0, gradients.length);
    }
    return scores;
  }

  @Override
  public Scores evaluate(Batch batch) {
    return runReplicas(batch, false, true);
  }

  private Scores runReplicas(Batch batch, boolean training, boolean measureAccuracy) {
    List<int[]> windows = batch.windows();
    checkIds(windows);
    int used = Math.min(replicas.size(), windows.size());
    long iteration = network.getIterationCount();
    List<Future<Scores>> others = new ArrayList<>();
    for (int k = 1; k < used; k++) {
      int replica = k;
      others.add(pool.submit(() -> runReplica(replica, used, windows, training, iteration, measureAccuracy)));
    }
    Scores scores = runReplica(0, used, windows, training, iteration, measureAccuracy);
    for (Future<Scores> other : others) {
      scores = scores.plus(join(other));
    }
    return scores;
  }

  private Scores runReplica(int k, int used, List<int[]> windows, boolean training, long iteration,
      boolean measureAccuracy) {
    int from = (int) ((long) windows.size() * k / used);
    int to = (int) ((long) windows.size() * (k + 1) / used);
    return replicas.get(k).run(parameters, training ? replicaGradients.get(k) : null, windows.subList(from, to), from,
        iteration, measureAccuracy);
  }

  /** An id outside the network's vocabulary is a caller's bug: say so, rather than read another id's row. */
  private void checkIds(List<int[]> windows) {
    for (int[] window : windows) {
      for (int id : window) {
        if (id < 0 || id >= vocabulary) {
          throw new IllegalArgumentException("id " + id + " is outside the network's vocabulary of " + vocabulary);
        }
      }
    }
  }

  private static Scores join(Future<Scores> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while training", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    }
  }

  /** The network's flattened gradient with a view per parameter, as DL4J's updater takes it. */
  private static Gradient dl4jGradient(MultiLayerNetwork network) {
    Gradient gradient = new DefaultGradient(network.getFlattenedGradients());
    for (int i = 0; i < network.getnLayers(); i++) {
      Layer layer = network.getLayer(i);
      var views = layer.conf().getLayer().initializer().getGradientsFromFlattened(layer.conf(),
          layer.getGradientsViewArray());
      for (var view : views.entrySet()) {
        gradient.gradientForVariable().put(i + "_" + view.getKey(), view.getValue());
      }
    }
    return gradient;
  }

  /** Native memory held by the passes' buffers and the threads' gradients. */
  long bufferBytes() {
    long floats = 0;
    for (Replica replica : replicas) {
      floats += replica.bufferFloats();
    }
    for (Floats own : replicaGradients.subList(1, replicaGradients.size())) {
      floats += own.length;
    }
    return floats * Float.BYTES;
  }

  @Override
  public void close() {
    if (Nd4j.getWorkspaceManager().checkIfWorkspaceExists(updaterWorkspace)) {
      Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(updaterWorkspace).destroyWorkspace();
    }
    if (pool != null) {
      pool.shutdownNow();
    }
    replicas.forEach(Replica::free);
    replicaGradients.subList(1, replicaGradients.size()).forEach(Floats::free);
  }
}
