package io.charstream.bench;

import io.charstream.model.Batch;
import io.charstream.model.CharModel;
import io.charstream.model.Dl4jTraining;
import io.charstream.model.ModelSettings;
import io.charstream.model.ModelTraining;
import io.charstream.model.cell.Cells;
import io.charstream.model.cell.RecurrentCell;
import io.charstream.model.engine.ParallelTraining;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Training characters/s of the trainer's network (embedding 64, batch 64, sequence 100; LSTM 256
 * and 512) with DL4J's own passes, with charstream's on one thread and on two (and the GRU of the
 * same width), and the PyTorch reference with the same shape on one thread and at each two-core
 * setting; one system at a time, in rounds, each system's best round kept. Prints the ratios; its
 * last lines are the ones the speed target is read from.
 */
public final class TrainerSpeedBenchmark {
  /** Counts what every thread allocates, the training pool's threads too. */
  private static final com.sun.management.ThreadMXBean ALLOCATIONS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final String USAGE = "trainer-speed [--hidden 256,512] [--batch 64] [--seq 100] [--timed 30] "
      + "[--rounds 3] [--corpus FILE] [--dl4j true|false] [--gru true|false] [--threads 1,2] [--torch true|false]";
  /** PyTorch's ways to use two cores: its own threads, and OpenBLAS's threads inside each product. */
  private static final List<int[]> TORCH_TWO_CORE_SETTINGS = List.of(new int[] {2, 1}, new int[] {2, 2},
      new int[] {1, 2});

  public static void main(String[] args) throws Exception {
    BenchOptions options = new BenchOptions(args, Set.of("hidden", "batch", "seq", "timed", "corpus", "dl4j", "rounds",
        "gru", "threads", "torch"), USAGE);
    Corpus corpus = Corpus.read(Path.of(options.get("corpus", "../shared/corpora/tinyshakespeare.txt")));
    int batch = options.getInt("batch", 64);
    int seq = options.getInt("seq", 100);
    int timed = options.getInt("timed", 30);
    int rounds = options.getInt("rounds", 3);
    boolean dl4j = Boolean.parseBoolean(options.get("dl4j", "true"));
    boolean gru = Boolean.parseBoolean(options.get("gru", "true"));
    boolean torch = Boolean.parseBoolean(options.get("torch", "true"));
    // --threads 1 --torch false, run in two copies at once, shows what two independent jobs get of the two cores.
    List<Integer> threadCounts = Arrays.stream(options.get("threads", "1,2").split(",")).map(String::trim)
        .map(Integer::valueOf).toList();
    System.out.printf("vocabulary %d ids; embedding 64, batch %d, sequence %d; %d cores; best of %d rounds, "
        + "each system in turn%n", corpus.vocabularySize, batch, seq, Runtime.getRuntime().availableProcessors(), rounds);
    Map<Integer, double[]> ratios = new LinkedHashMap<>();
    for (String hidden : options.get("hidden", "256,512").split(",")) {
      int h = Integer.parseInt(hidden.trim());
      List<Batch> batches = batches(corpus, batch, seq, timed);
      List<String> shape = List.of("--hidden", Integer.toString(h), "--batch", Integer.toString(batch), "--seq",
          Integer.toString(seq), "--timed", Integer.toString(timed));
      Best best = new Best();
      for (int round = 1; round <= rounds; round++) {
        System.out.printf("LSTM %d, round %d:%n", h, round);
        if (dl4j) {
          best.offer("DL4J's own passes, 1 thread", measure(corpus, Cells.LSTM, h, batches, 0));
        }
        for (int threads : threadCounts) {
          best.offer("charstream, " + threadsName(threads), measure(corpus, Cells.LSTM, h, batches, threads));
        }
        for (int threads : gru ? threadCounts : List.<Integer>of()) {
          best.offer("charstream GRU, " + threadsName(threads), measure(corpus, Cells.GRU, h, batches, threads));
        }
        if (!torch) {
          continue;
        }
        torchSpeed(shape, 1, 1).ifPresent(speed -> best.offer("PyTorch, 1 thread", speed));
        for (int[] setting : TORCH_TWO_CORE_SETTINGS) {
          torchSpeed(shape, setting[0], setting[1]).ifPresent(speed -> best.offer("PyTorch, two cores: "
              + setting[0] + " torch thread(s), " + setting[1] + " OpenBLAS", speed));
        }
      }
      System.out.printf("LSTM %d, best of %d rounds (chars/s):%n", h, rounds);
      best.print();
      double one = best.get("charstream, 1 thread");
      double two = best.get("charstream, 2 threads");
      boolean both = best.has("charstream, 1 thread") && best.has("charstream, 2 threads");
      if (both) {
        System.out.printf("  charstream 2 threads / 1 thread: %.2fx%n", two / one);
      }
      if (both && best.has("PyTorch, 1 thread")) {
        String fastest = best.fastest("PyTorch, two cores");
        System.out.printf("  PyTorch's fastest on two cores: %s%n", fastest);
        ratios.put(h, new double[] {one / best.get("PyTorch, 1 thread"), two / best.get(fastest)});
      }
    }
    System.out.printf("peak resident memory of this JVM: %s%n", peakRss());
    // The LSTM 256 line last: the speed target is read from it.
    List<Integer> order = new ArrayList<>(ratios.keySet());
    order.sort((a, b) -> a == 256 ? 1 : b == 256 ? -1 : Integer.compare(a, b));
    for (int h : order) {
      System.out.printf("speed ratio vs PyTorch (LSTM %d): 1 thread %.2f, 2 threads %.2f%n", h, ratios.get(h)[0],
          ratios.get(h)[1]);
    }
  }

  private static String threadsName(int threads) {
    return threads == 1 ? "1 thread" : threads + " threads";
  }

  /** The best figure of each system over the rounds: on a shared machine, the rounds least disturbed. */
  private static final class Best {
    private final Map<String, Double> bySystem = new LinkedHashMap<>();

    void offer(String system, double charsPerSecond) {
      System.out.printf("  %-55s %,8.0f%n", system, charsPerSecond);
      bySystem.merge(system, charsPerSecond, Math::max);
    }

    void offer(String system, Measured measured) {
      System.out.printf("  %-55s %,8.0f   heap allocated per step %.1f MB%n", system, measured.charsPerSecond(),
          measured.heapMbPerStep());
      bySystem.merge(system, measured.charsPerSecond(), Math::max);
    }

    boolean has(String system) {
      return bySystem.containsKey(system);
    }

    double get(String system) {
      return bySystem.getOrDefault(system, Double.NaN);
    }

    String fastest(String prefix) {
      return bySystem.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
          .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElseThrow();
    }

    void print() {
      bySystem.forEach((system, speed) -> System.out.printf("  %-55s %,8.0f%n", system, speed));
    }
  }

  private static Optional<Double> torchSpeed(List<String> shape, int threads, int blasThreads) throws Exception {
    return TorchReference.run(shape, threads, blasThreads).map(s -> TorchReference.number(s, "train_chars_per_s"));
  }

  private static List<Batch> batches(Corpus corpus, int batch, int seq, int timed) {
    Random random = new Random(0);
    List<Batch> batches = new ArrayList<>();
    for (int i = 0; i < timed + 5; i++) {
      batches.add(Batch.of(corpus.randomTrainWindows(batch, seq + 1, random), corpus.vocabularySize));
    }
    return batches;
  }

  /**
   * @param threads charstream's passes on this many threads; 0 for DL4J's own
   * @return chars/s of the trainer's step (loss on every batch, accuracy on every 4th, as the trainer samples it)
   */
  private static Measured measure(Corpus corpus, RecurrentCell cell, int hidden, List<Batch> batches, int threads) {
    Set<Integer> all = new HashSet<>();
    IntStream.range(0, corpus.vocabularySize).forEach(all::add);
    ModelSettings settings = new ModelSettings(64, hidden, 1, 0, 5, 2e-3, 42, cell, threads > 0);
    MultiLayerNetwork network = CharModel.create(settings, corpus.vocabularySize, all);
    try (ModelTraining training = threads == 0 ? new Dl4jTraining(network)
        : new ParallelTraining(network, threads, settings.seed())) {
      for (int i = 0; i < 5; i++) {
        training.step(batches.get(i), true);
      }
      long allocatedBefore = ALLOCATIONS.getTotalThreadAllocatedBytes();
      long started = System.nanoTime();
      long characters = 0;
      for (int i = 5; i < batches.size(); i++) {
        training.step(batches.get(i), i % 4 == 0);
        characters += batches.get(i).characters();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      double heapPerStep = (ALLOCATIONS.getTotalThreadAllocatedBytes() - allocatedBefore) / 1e6 / (batches.size() - 5);
      return new Measured(characters / seconds, heapPerStep);
    }
  }

  /** A training run's speed and the heap its steps allocated (garbage for the collector), per step. */
  private record Measured(double charsPerSecond, double heapMbPerStep) {}

  static String peakRss() throws Exception {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
        .map(l -> l.replaceAll("\\s+", " ").substring(6).trim()).findFirst().orElse("unknown");
  }
}
