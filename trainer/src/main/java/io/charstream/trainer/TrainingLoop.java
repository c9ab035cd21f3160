package io.charstream.trainer;

import io.charstream.events.EpochMetrics;
import io.charstream.events.ModelArchitecture;
import io.charstream.events.ModelSnapshot;
import io.charstream.events.PartitionOffset;
import io.charstream.events.TrainingProgress;
import io.charstream.events.VocabEntry;
import io.charstream.model.Batch;
import io.charstream.model.CharModel;
import io.charstream.model.LearningRate;
import io.charstream.model.ModelBytes;
import io.charstream.model.Scores;
import io.charstream.model.ModelTraining;
import io.charstream.model.WeightAverage;
import io.charstream.model.cell.Cells;
import io.charstream.model.cell.RecurrentCell;
import io.charstream.schemas.Topics;
import io.charstream.service.Chunks;
import io.charstream.service.vocab.VocabularyReader;
import io.charstream.trainer.memory.TrainingMemory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's epochs. What the sequence topics commit goes into the trainer's bounded memories
 * before each epoch and, while one runs, between its batches; an epoch is one pass, in shuffled
 * batches, over the training memory as it was when the epoch began; validation follows over the
 * validation memory (and, for drift, its newest windows); then one metric event and one snapshot
 * (a new model version, with the memories and the offsets they were read up to) are published
 * together.
 */
final class TrainingLoop {
  private static final Logger log = LoggerFactory.getLogger(TrainingLoop.class);
  private static final long WAIT_MS = 500;
  /**
   * How often the feeds are read while an epoch runs. Reading as windows arrive, rather than all
   * of an epoch's at its end, turns one burst of decoded events into a steady trickle the garbage
   * collector keeps up with, so the heap does not grow to absorb it.
   */
  private static final long CATCH_UP_INTERVAL_NANOS = 1_000_000_000L;
  /**
   * DL4J's own passes pay an extra forward pass for training accuracy, so it is sampled on every 4th
   * batch; charstream's passes read it off the training pass but sample alike, so both report the same way.
   */
  private static final int ACCURACY_SAMPLE_EVERY = 4;

  private final TrainerSettings settings;
  private final SequenceFeed trainFeed;
  private final SequenceFeed validationFeed;
  private final TrainingMemory train;
  private final TrainingMemory validation;
  private final VocabularyReader vocabulary;
  private final EpochPublisher publisher;
  private final SnapshotHistory history;
  private final BooleanSupplier stopping;
  private final int vocabularySize;
  /** Snapshots are encoded as they are published, before the next epoch writes its model file here. */
  private final ModelBytes.Writer modelFiles = new ModelBytes.Writer();

  private MultiLayerNetwork network;
  private ModelTraining training;
  private WeightAverage average;
  private int epoch;
  private long version;
  private double bestValidationLoss;
  private int epochsSinceBest;
  private final PlateauDecay decay;
  /** Epochs run since new sequences last arrived. */
  private int epochsOnSameData;
  /** Windows the feeds have added since the last epoch began. */
  private int addedSinceEpoch;
  private long lastCatchUp;
  private String waitingFor;

  TrainingLoop(TrainerSettings settings, SequenceFeed trainFeed, SequenceFeed validationFeed,
      VocabularyReader vocabulary, EpochPublisher publisher, SnapshotHistory history, BooleanSupplier stopping) {
    this.settings = settings;
    this.trainFeed = trainFeed;
    this.validationFeed = validationFeed;
    int capacity = settings.common().vocabCapacity();
    long seed = settings.model().seed();
    this.train = new TrainingMemory(settings.memoryCharacters(), settings.memoryRecentShare(), capacity, seed);
    this.validation = new TrainingMemory(settings.validationMemoryCharacters(), settings.memoryRecentShare(), capacity,
        seed + 1);
    this.vocabulary = vocabulary;
    this.publisher = publisher;
    this.history = history;
    this.stopping = stopping;
    this.vocabularySize = settings.common().vocabCapacity();
    this.bestValidationLoss = history.bestValidationLoss();
    this.decay = new PlateauDecay(settings.learningRatePatience(), settings.model().learningRate(),
        settings.learningRateFloor());
    history.newest().ifPresent(this::resumeFrom);
  }

  private void resumeFrom(ModelSnapshot snapshot) {
    if (snapshot.getVocabCapacity() != vocabularySize) {
      throw new IllegalStateException("model " + settings.modelName() + " was trained with a vocabulary of "
          + snapshot.getVocabCapacity() + " ids, but vocab.capacity is " + vocabularySize
          + ": use the same capacity or another model name");
    }
    RecurrentCell cell = Cells.recorded(snapshot.getArchitecture() == null ? null : snapshot.getArchitecture().getCell());
    if (cell != settings.model().cell()) {
      throw new IllegalStateException("model " + settings.modelName() + " is a " + cell.name() + " model, but model.cell is "
          + settings.model().cell().name() + ": use the same cell or another model name");
    }
    train(CharModel.forTraining(ModelBytes.read(snapshot.getModelBytes()), settings.model()));
    epoch = snapshot.getEpoch();
    version = snapshot.getVersion();
    // A snapshot that recorded its lineage resumes from its offsets with its memories; an older one rereads the log.
    if (!snapshot.getConsumedOffsets().isEmpty()) {
      Lineage.restore(train, snapshot.getTrainingMemory());
      Lineage.restore(validation, snapshot.getValidationMemory());
      Topics topics = settings.common().topics();
      trainFeed.resumeAt(Lineage.offsetsOf(snapshot, topics.sequencesTrain.name()), snapshot.getConsumedCharacters());
      validationFeed.resumeAt(Lineage.offsetsOf(snapshot, topics.sequencesValidation.name()), 0);
    }
    log.info("resuming model {} from version {} (epoch {}, validation loss {}; {} training windows in memory, "
        + "{} characters consumed)", settings.modelName(), version, epoch, snapshot.getMetrics().getValidationLoss(),
        train.size(), snapshot.getConsumedCharacters());
  }

  private void train(MultiLayerNetwork network) {
    this.network = network;
    this.training = ModelTraining.of(network, settings.model(), settings.threads());
    this.average = new WeightAverage(network, settings.averageDecay());
    // After the training passes are set up: they make the updater's state, which the file carries.
    SnapshotRoom.check(settings.modelName(), network.numParams(), ModelBytes.expectedSize(network),
        settings.memoryBytes(), settings.common().topics().settings().maxSnapshotBytes(), Runtime.getRuntime().maxMemory());
  }

  void run() throws InterruptedException {
    try {
      runUntilStopped();
    } finally {
      if (training != null) {
        training.close();
      }
    }
  }

  private void runUntilStopped() throws InterruptedException {
    while (!stopping.getAsBoolean()) {
      if (settings.maxEpochs() > 0 && epoch >= settings.maxEpochs()) {
        waitFor("model " + settings.modelName() + " has had its " + settings.maxEpochs()
            + " epochs (max.epochs); training stopped");
        continue;
      }
      catchUp();
      int added = addedSinceEpoch;
      if (added > 0) {
        epochsOnSameData = 0;
      }
      if (train.size() == 0) {
        waitFor("waiting for training sequences");
        continue;
      }
      if (added == 0 && settings.idleEpochs() > 0 && epochsOnSameData >= settings.idleEpochs()) {
        waitFor("trained " + settings.idleEpochs() + " epochs on the same data (idle.epochs); waiting for new sequences");
        continue;
      }
      if (added == 0 && settings.patience() > 0 && epochsSinceBest >= settings.patience()) {
        waitFor("no better validation loss in " + settings.patience() + " epochs (patience); waiting for new sequences");
        continue;
      }
      waitingFor = null;
      addedSinceEpoch = 0;
      runEpoch();
      epochsOnSameData++;
    }
  }

  private void catchUp() {
    addedSinceEpoch += trainFeed.catchUp(train::add) + validationFeed.catchUp(validation::add);
    lastCatchUp = System.nanoTime();
  }

  private void waitFor(String reason) throws InterruptedException {
    if (!reason.equals(waitingFor)) {
      log.info(reason);
      waitingFor = reason;
    }
    Thread.sleep(WAIT_MS);
  }

  private void runEpoch() {
    if (network == null) {
      train(CharModel.create(settings.model(), vocabularySize, seenIds()));
      log.info("new model {}: {}, vocabulary {} ids, {} parameters, {} training threads, weights average decay {}",
          settings.modelName(), settings.model().summary(), vocabularySize, network.numParams(), settings.threads(),
          settings.averageDecay());
    }
    int thisEpoch = epoch + 1;
    List<int[]> windows = train.windows();
    Collections.shuffle(windows, new Random(settings.model().seed() * 31 + thisEpoch));
    List<List<int[]>> batches = batches(windows);
    long started = System.nanoTime();
    long lastProgress = started;
    Scores scores = Scores.NONE;
    for (int b = 0; b < batches.size(); b++) {
      if (stopping.getAsBoolean()) {
        log.info("stopping in the middle of epoch {}; it is redone from version {} on the next start", thisEpoch,
            version);
        return;
      }
      if (System.nanoTime() - lastCatchUp >= CATCH_UP_INTERVAL_NANOS) {
        catchUp();
      }
      boolean sampleAccuracy = b % ACCURACY_SAMPLE_EVERY == 0;
      scores = scores.plus(training.step(Batch.of(batches.get(b), vocabularySize), sampleAccuracy));
      average.update();
      long now = System.nanoTime();
      if (now - lastProgress >= settings.progressIntervalMs() * 1_000_000L || b == batches.size() - 1) {
        lastProgress = now;
        publisher.publishProgress(new TrainingProgress(settings.modelName(), thisEpoch, b + 1, batches.size(),
            scores.loss(), scores.accuracy(), scores.characters() / seconds(started), System.currentTimeMillis()));
      }
    }
    double trainSeconds = seconds(started);
    // What is validated is what is published, and what the generator answers with.
    try (WeightAverage.Applied ignored = average.applied()) {
      validateAndPublish(thisEpoch, windows.size(), scores, trainSeconds, started);
    }
  }

  private void validateAndPublish(int thisEpoch, int windowsTrained, Scores scores, double trainSeconds, long started) {
    // The newest validation windows are the tail of the memory's windows: each window is scored once,
    // the recent ones also on their own.
    List<int[]> validationWindows = validation.windows();
    int recentCount = validation.newestCount((int) Math.min(Integer.MAX_VALUE,
        settings.validationRecentCharacters() / Math.max(1, validation.windowLength())));
    int olderCount = validationWindows.size() - recentCount;
    Scores recent = validate(validationWindows.subList(olderCount, validationWindows.size()));
    Scores validated = validate(validationWindows.subList(0, olderCount)).plus(recent);
    epoch = thisEpoch;
    version++;
    EpochMetrics metrics = EpochMetrics.newBuilder()
        .setModelName(settings.modelName())
        .setVersion(version)
        .setEpoch(epoch)
        .setTrainLoss(scores.loss())
        .setTrainAccuracy(scores.accuracy())
        .setValidationLoss(validated.characters() == 0 ? null : validated.loss())
        .setValidationAccuracy(validated.characters() == 0 ? null : validated.accuracy())
        .setSequencesSeen(windowsTrained)
        .setCharactersSeen(scores.characters())
        .setCharactersPerSecond(scores.characters() / trainSeconds)
        .setWallTimeMs((long) (seconds(started) * 1000))
        .setTimestampMs(System.currentTimeMillis())
        .setRecentValidationLoss(recent.characters() == 0 ? null : recent.loss())
        .setMemoryCharacters(train.characters())
        .setConsumedCharacters(trainFeed.consumedCharacters())
        .build();
    publish(metrics, validated);
  }

  private void publish(EpochMetrics metrics, Scores validated) {
    boolean best = validated.characters() > 0 && validated.loss() < bestValidationLoss;
    if (best) {
      bestValidationLoss = validated.loss();
      epochsSinceBest = 0;
    } else {
      epochsSinceBest++;
    }
    // Before the snapshot, which carries the rate: a resumed model goes on at the rate it had reached.
    // An epoch with nothing to validate on says nothing about a plateau.
    if (validated.characters() > 0) {
      decay.afterEpoch(epochsSinceBest, LearningRate.of(network)).ifPresent(rate -> {
        log.info("learning rate {} after {} epoch(s) without a better validation loss",
            String.format(Locale.ROOT, "%.3g", rate), epochsSinceBest);
        LearningRate.set(network, rate);
      });
    }
    vocabulary.catchUp();
    List<VocabEntry> entries = new ArrayList<>();
    vocabulary.table().entries().forEach((character, id) -> entries.add(new VocabEntry(character, id)));
    ModelSnapshot snapshot = ModelSnapshot.newBuilder()
        .setModelName(settings.modelName())
        .setVersion(version)
        .setEpoch(epoch)
        .setMetrics(metrics)
        .setBest(best)
        .setVocab(entries)
        .setVocabCapacity(vocabularySize)
        .setModelBytes(modelFiles.write(network))
        .setArchitecture(new ModelArchitecture(settings.model().cell().name(), settings.model().layers(),
            settings.model().embedding(), settings.model().hidden()))
        .setMemoryCharacters(metrics.getMemoryCharacters())
        .setConsumedCharacters(metrics.getConsumedCharacters())
        .setConsumedOffsets(consumedOffsets())
        .setTrainingMemory(Lineage.memory(train))
        .setValidationMemory(Lineage.memory(validation))
        .build();
    history.versions.put(version, validated.characters() == 0 ? Double.NaN : validated.loss());
    List<Long> pruned = VersionPruning.toPrune(history.versions, settings.keepVersions());
    publisher.publishEpoch(metrics, snapshot, pruned);
    pruned.forEach(history.versions::remove);
    log.info("epoch {}: loss {} accuracy {} | validation loss {} accuracy {} | {} chars/s | {} s{}", epoch,
        format(metrics.getTrainLoss()), format(metrics.getTrainAccuracy()), format(metrics.getValidationLoss()),
        format(metrics.getValidationAccuracy()), Math.round(metrics.getCharactersPerSecond()),
        String.format("%.1f", metrics.getWallTimeMs() / 1000.0), best ? " (best so far)" : "");
  }

  /** Where both feeds are: the offsets of the next records this version has not learned from. */
  private List<PartitionOffset> consumedOffsets() {
    List<PartitionOffset> offsets = new ArrayList<>(Lineage.offsets(trainFeed.positions()));
    offsets.addAll(Lineage.offsets(validationFeed.positions()));
    return offsets;
  }

  /**
   * Validation goes in batches of the training batch's size too: the passes keep buffers as large as
   * the largest batch they have seen, so a larger evaluation batch would hold more native memory
   * than training needs.
   */
  private Scores validate(List<int[]> windows) {
    Scores scores = Scores.NONE;
    for (List<int[]> batch : batches(windows)) {
      scores = scores.plus(training.evaluate(Batch.of(batch, vocabularySize)));
    }
    return scores;
  }

  /** Consecutive batches of {@code batch.size} windows (the last may hold fewer). */
  private List<List<int[]>> batches(List<int[]> windows) {
    return Chunks.of(windows, settings.batchSize());
  }

  /** Ids the training data has used: the others start unlikely (see CharModel). */
  private Set<Integer> seenIds() {
    Set<Integer> seen = new HashSet<>();
    for (int[] window : train.windows()) {
      for (int id : window) {
        seen.add(id);
      }
    }
    return seen;
  }

  private static double seconds(long startNanos) {
    return Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
  }

  private static String format(Double value) {
    return value == null ? "-" : String.format("%.3f", value);
  }
}
