package io.charstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.events.EpochMetrics;
import io.charstream.events.ModelArchitecture;
import io.charstream.events.ModelSnapshot;
import io.charstream.events.VocabEntry;
import io.charstream.model.Batch;
import io.charstream.model.CharModel;
import io.charstream.model.ModelBytes;
import io.charstream.model.ModelSettings;
import io.charstream.model.ModelTraining;
import io.charstream.model.cell.Cells;
import io.charstream.model.cell.RecurrentCell;
import io.charstream.testing.SeedText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ContinuationGeneratorTest {
  private static final ContinuationGenerator ONE_THREAD = new ContinuationGenerator(1);
  static ModelSnapshot snapshot;

  /** A small model trained a little on the seed text, as a snapshot the trainer would publish. */
  /** An LSTM snapshot of model m as written before snapshots recorded their architecture. */
  static ModelSnapshot trainedSnapshot(long version, int steps) {
    return trainedSnapshot("m", version, steps, null);
  }

  /** A GRU snapshot that records its architecture. */
  static ModelSnapshot trainedSnapshot(String model, long version, int steps) {
    return trainedSnapshot(model, version, steps, new ModelArchitecture("gru", 1, 16, 64));
  }

  /** An untrained LSTM of 512 units: slow enough to generate that a process can be killed mid-answer. */
  static ModelSnapshot largeSnapshot(long version) {
    return trainedSnapshot("m", version, 0, new ModelArchitecture("lstm", 1, 16, 512));
  }

  private static ModelSnapshot trainedSnapshot(String model, long version, int steps, ModelArchitecture architecture) {
    Map<String, Integer> vocabulary = SeedText.vocabulary(SeedText.TEXT);
    RecurrentCell cell = architecture == null ? Cells.LSTM : Cells.named(architecture.getCell()).orElseThrow();
    int hidden = architecture == null ? 64 : architecture.getHiddenSize();
    ModelSettings settings = new ModelSettings(16, hidden, 1, 0, 5, 0.01, 3, cell, true);
    MultiLayerNetwork network = CharModel.create(settings, 64, new HashSet<>(vocabulary.values()));
    ModelTraining training = ModelTraining.of(network, settings, 1);
    List<int[]> windows = SeedText.windows(SeedText.TEXT, 40, 7);
    for (int i = 0; i < steps; i++) {
      training.step(Batch.of(windows, 64), false);
    }
    List<VocabEntry> entries = new ArrayList<>();
    vocabulary.forEach((c, id) -> entries.add(new VocabEntry(c, id)));
    EpochMetrics metrics = EpochMetrics.newBuilder().setModelName(model).setVersion(version).setEpoch((int) version)
        .setTrainLoss(1).setTrainAccuracy(0.5).setSequencesSeen(1).setCharactersSeen(1).setCharactersPerSecond(1)
        .setWallTimeMs(1).setTimestampMs(1).build();
    return ModelSnapshot.newBuilder().setModelName(model).setArchitecture(architecture).setVersion(version).setEpoch((int) version)
        .setMetrics(metrics).setBest(true).setVocab(entries).setVocabCapacity(64)
        .setModelBytes(ModelBytes.write(network)).build();
  }

  @BeforeAll
  static void train() {
    snapshot = trainedSnapshot(1, 30);
  }

  private static ContinuationGenerator.Job job(String prompt, int length, long seed, ServedModel model) {
    return new ContinuationGenerator.Job(model.vocabulary.encode(prompt), length, 1.0, 0, new Random(seed));
  }

  @Test
  void aRequestGivesTheSameTextAloneAndInABatch() {
    ServedModel model = ServedModel.load(snapshot);
    int[] alone = ONE_THREAD.generate(model, List.of(job("The river", 60, 7, model))).get(0);
    List<int[]> batch = ONE_THREAD.generate(model, List.of(job("We read", 30, 1, model),
        job("The river", 60, 7, model), job("a", 80, 2, model)));

    assertThat(batch.get(1)).isEqualTo(alone);
    assertThat(batch.get(0)).hasSize(30);
    assertThat(batch.get(2)).hasSize(80);
  }

  @Test
  void aBatchSplitBetweenThreadsGivesTheSameTexts() {
    ServedModel model = ServedModel.load(snapshot);
    List<ContinuationGenerator.Job> jobs = new ArrayList<>();
    List<ContinuationGenerator.Job> twins = new ArrayList<>();
    String[] prompts = {"The river", "We read", "a", "stream of", "k", "The "};
    for (int i = 0; i < 11; i++) {
      jobs.add(job(prompts[i % prompts.length], 20 + 7 * i, 100 + i, model));
      twins.add(job(prompts[i % prompts.length], 20 + 7 * i, 100 + i, model));
    }
    List<int[]> together = ONE_THREAD.generate(model, jobs);
    try (ContinuationGenerator threeThreads = new ContinuationGenerator(3)) {
      List<int[]> split = threeThreads.generate(model, twins);
      assertThat(split).hasSameSizeAs(together);
      for (int i = 0; i < together.size(); i++) {
        assertThat(split.get(i)).as("request %d", i).isEqualTo(together.get(i));
      }
    }
  }

  @Test
  void producesOnlyCharactersOfTheVocabulary() {
    ServedModel model = ServedModel.load(snapshot);
    int[] ids = ONE_THREAD.generate(model, List.of(new ContinuationGenerator.Job(
        model.vocabulary.encode("stream"), 300, 2.0, 0, new Random(4)))).get(0);
    for (int id : ids) {
      assertThat(model.producible[id]).as("id %d", id).isTrue();
    }
  }

  @Test
  void greedyDecodingOfATrainedModelFollowsTheText() {
    ServedModel model = ServedModel.load(trainedSnapshot(2, 150));
    String prompt = "The river keeps no record of the ";
    int[] ids = ONE_THREAD.generate(model, List.of(new ContinuationGenerator.Job(
        model.vocabulary.encode(prompt), 4, 0, 0, new Random(1)))).get(0);
    String continuation = model.vocabulary.decode(java.util.Arrays.stream(ids).boxed().toList());
    assertThat(continuation).isEqualTo("rain");
  }
}
