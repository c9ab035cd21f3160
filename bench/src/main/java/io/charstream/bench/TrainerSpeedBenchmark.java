package io.charstream.bench;

import io.charstream.model.Batch;
import io.charstream.model.CharModel;
import io.charstream.model.ModelSettings;
import io.charstream.model.Training;
import io.charstream.model.cell.Cells;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Training characters/s of the trainer's network (embedding 64, batch 64, sequence 100; LSTM 256
 * and 512), each followed by the PyTorch reference with the same shape on one thread, never at
 * the same time. Prints the ratio and this JVM's peak resident memory.
 */
public final class TrainerSpeedBenchmark {
  private static final String USAGE = "trainer-speed [--hidden 256,512] [--batch 64] [--seq 100] [--timed 30] "
      + "[--corpus FILE]";

  public static void main(String[] args) throws Exception {
    BenchOptions options = new BenchOptions(args, Set.of("hidden", "batch", "seq", "timed", "corpus"), USAGE);
    Corpus corpus = Corpus.read(Path.of(options.get("corpus", "../shared/corpora/tinyshakespeare.txt")));
    int batch = options.getInt("batch", 64);
    int seq = options.getInt("seq", 100);
    int timed = options.getInt("timed", 30);
    System.out.printf("tinyshakespeare: vocabulary %d ids; embedding 64, batch %d, sequence %d; OMP_NUM_THREADS=%s%n",
        corpus.vocabularySize, batch, seq, System.getenv("OMP_NUM_THREADS"));
    for (String hidden : options.get("hidden", "256,512").split(",")) {
      int h = Integer.parseInt(hidden.trim());
      double[] stock = measure(corpus, h, batch, seq, timed, false);
      System.out.printf("DL4J stock LSTM %d: %,.0f chars/s as the trainer trains (accuracy on every 4th batch), "
          + "%,.0f fit only%n", h, stock[0], stock[1]);
      double[] ours = measure(corpus, h, batch, seq, timed, true);
      System.out.printf("charstream fused LSTM %d: %,.0f chars/s as the trainer trains (accuracy on every 4th batch), "
          + "%,.0f fit only%n", h, ours[0], ours[1]);
      Optional<String> reference = TorchReference.run(List.of("--hidden", hidden.trim(), "--batch",
          Integer.toString(batch), "--seq", Integer.toString(seq), "--timed", Integer.toString(timed)));
      if (reference.isPresent()) {
        double torch = TorchReference.number(reference.get(), "train_chars_per_s");
        System.out.printf("pytorch    LSTM %d: %,.0f chars/s -> ratio %.2fx as the trainer trains, %.2fx fit only "
            + "(target >= 0.5x)%n", h, torch, ours[0] / torch, ours[1] / torch);
      }
    }
    System.out.printf("peak resident memory of this JVM: %s%n", peakRss());
  }

  /** @return chars/s of the trainer's step (scores + fit), and of fit alone */
  private static double[] measure(Corpus corpus, int hidden, int batch, int seq, int timed, boolean fused) {
    Set<Integer> all = new HashSet<>();
    IntStream.range(0, corpus.vocabularySize).forEach(all::add);
    MultiLayerNetwork network = CharModel.create(new ModelSettings(64, hidden, 1, 0, 5, 2e-3, 42, Cells.LSTM, fused),
        corpus.vocabularySize, all);
    Random random = new Random(0);
    List<Batch> batches = new ArrayList<>();
    for (int i = 0; i < timed + 5; i++) {
      batches.add(Batch.of(corpus.randomTrainWindows(batch, seq + 1, random), corpus.vocabularySize));
    }
    for (int i = 0; i < 5; i++) {
      Training.step(network, batches.get(i), true);
    }
    long started = System.nanoTime();
    for (int i = 5; i < batches.size(); i++) {
      Training.step(network, batches.get(i), i % 4 == 0); // as the trainer samples accuracy
    }
    double withMetrics = (double) timed * batch * seq / ((System.nanoTime() - started) / 1e9);
    started = System.nanoTime();
    for (int i = 5; i < batches.size(); i++) {
      network.fit(batches.get(i).features(), batches.get(i).labels());
    }
    double fitOnly = (double) timed * batch * seq / ((System.nanoTime() - started) / 1e9);
    return new double[] {withMetrics, fitOnly};
  }

  static String peakRss() throws Exception {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
        .map(l -> l.replaceAll("\\s+", " ").substring(6).trim()).findFirst().orElse("unknown");
  }
}
