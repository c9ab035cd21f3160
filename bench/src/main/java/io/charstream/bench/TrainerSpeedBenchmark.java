package io.charstream.bench;

import io.charstream.model.Batch;
import io.charstream.model.CharModel;
import io.charstream.model.Dl4jTraining;
import io.charstream.model.ModelSettings;
import io.charstream.model.ModelTraining;
import io.charstream.model.cell.Cells;
import io.charstream.model.engine.ParallelTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * and 512) with DL4J's own passes, with charstream's on one thread and on two, and the PyTorch
 * reference with the same shape on one thread and at each two-core setting, never at the same
 * time. Prints the ratios; its last line is the one the speed target is read from.
 */
public final class TrainerSpeedBenchmark {
  private static final String USAGE = "trainer-speed [--hidden 256,512] [--batch 64] [--seq 100] [--timed 30] "
      + "[--corpus FILE] [--dl4j true|false]";
  /** PyTorch's ways to use two cores: its own threads, and OpenBLAS's threads inside each product. */
  private static final List<int[]> TORCH_TWO_CORE_SETTINGS = List.of(new int[] {2, 1}, new int[] {2, 2},
      new int[] {1, 2});

  public static void main(String[] args) throws Exception {
    BenchOptions options = new BenchOptions(args, Set.of("hidden", "batch", "seq", "timed", "corpus", "dl4j"), USAGE);
    Corpus corpus = Corpus.read(Path.of(options.get("corpus", "../shared/corpora/tinyshakespeare.txt")));
    int batch = options.getInt("batch", 64);
    int seq = options.getInt("seq", 100);
    int timed = options.getInt("timed", 30);
    boolean dl4j = Boolean.parseBoolean(options.get("dl4j", "true"));
    System.out.printf("vocabulary %d ids; embedding 64, batch %d, sequence %d; %d cores%n",
        corpus.vocabularySize, batch, seq, Runtime.getRuntime().availableProcessors());
    Map<Integer, double[]> ratios = new LinkedHashMap<>();
    for (String hidden : options.get("hidden", "256,512").split(",")) {
      int h = Integer.parseInt(hidden.trim());
      List<Batch> batches = batches(corpus, batch, seq, timed);
      if (dl4j) {
        System.out.printf("DL4J's own passes   LSTM %d, 1 thread:  %,7.0f chars/s%n", h,
            measure(corpus, h, batches, 0));
      }
      double one = measure(corpus, h, batches, 1);
      System.out.printf("charstream          LSTM %d, 1 thread:  %,7.0f chars/s%n", h, one);
      double two = measure(corpus, h, batches, 2);
      System.out.printf("charstream          LSTM %d, 2 threads: %,7.0f chars/s (%.2fx its 1 thread)%n", h, two,
          two / one);
      List<String> shape = List.of("--hidden", Integer.toString(h), "--batch", Integer.toString(batch), "--seq",
          Integer.toString(seq), "--timed", Integer.toString(timed));
      Optional<Double> torchOne = torchSpeed(shape, 1, 1);
      double torchTwo = Double.NaN;
      String torchTwoSetting = "";
      for (int[] setting : TORCH_TWO_CORE_SETTINGS) {
        Optional<Double> speed = torchSpeed(shape, setting[0], setting[1]);
        if (speed.isPresent() && !(speed.get() <= torchTwo)) {
          torchTwo = speed.get();
          torchTwoSetting = setting[0] + " torch threads, " + setting[1] + " OpenBLAS";
        }
      }
      if (torchOne.isPresent()) {
        System.out.printf("PyTorch             LSTM %d: 1 thread %,7.0f chars/s, two cores at best %,7.0f (%s)%n",
            h, torchOne.get(), torchTwo, torchTwoSetting);
        ratios.put(h, new double[] {one / torchOne.get(), two / torchTwo});
      }
    }
    System.out.printf("peak resident memory of this JVM: %s%n", peakRss());
    ratios.forEach((h, ratio) -> System.out.printf("speed ratio vs PyTorch (LSTM %d): 1 thread %.2f, 2 threads %.2f%n",
        h, ratio[0], ratio[1]));
  }

  private static Optional<Double> torchSpeed(List<String> shape, int threads, int blasThreads) throws Exception {
    Optional<String> summary = TorchReference.run(shape, threads, blasThreads);
    Optional<Double> speed = summary.map(s -> TorchReference.number(s, "train_chars_per_s"));
    speed.ifPresent(s -> System.out.printf("  pytorch, %d thread(s), OpenBLAS %d: %,.0f chars/s%n", threads,
        blasThreads, s));
    return speed;
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
  private static double measure(Corpus corpus, int hidden, List<Batch> batches, int threads) {
    Set<Integer> all = new HashSet<>();
    IntStream.range(0, corpus.vocabularySize).forEach(all::add);
    ModelSettings settings = new ModelSettings(64, hidden, 1, 0, 5, 2e-3, 42, Cells.LSTM, threads > 0);
    MultiLayerNetwork network = CharModel.create(settings, corpus.vocabularySize, all);
    try (ModelTraining training = threads == 0 ? new Dl4jTraining(network)
        : new ParallelTraining(network, threads, settings.seed())) {
      for (int i = 0; i < 5; i++) {
        training.step(batches.get(i), true);
      }
      long started = System.nanoTime();
      long characters = 0;
      for (int i = 5; i < batches.size(); i++) {
        training.step(batches.get(i), i % 4 == 0);
        characters += batches.get(i).characters();
      }
      return characters / ((System.nanoTime() - started) / 1e9);
    }
  }

  static String peakRss() throws Exception {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
        .map(l -> l.replaceAll("\\s+", " ").substring(6).trim()).findFirst().orElse("unknown");
  }
}
