package io.charstream.trainer;

import io.charstream.model.ModelSettings;
import io.charstream.model.cell.Cells;
import io.charstream.model.cell.RecurrentCell;
import io.charstream.service.CommonSettings;
import io.charstream.service.Config;
import io.charstream.service.Setting;
import io.charstream.service.SettingException;
import io.charstream.trainer.memory.WindowStore;
import java.util.List;

/** What the trainer needs to know, resolved once from flags, environment and properties. */
public record TrainerSettings(
    CommonSettings common,
    String modelName,
    ModelSettings model,
    int batchSize,
    int maxEpochs,
    int idleEpochs,
    int patience,
    int keepVersions,
    long progressIntervalMs,
    long memoryCharacters,
    double memoryRecentShare,
    long validationMemoryCharacters,
    long validationRecentCharacters,
    int threads,
    int learningRatePatience,
    double learningRateFloor,
    double averageDecay) {

  public static final Setting MODEL_NAME = CommonSettings.MODEL_NAME;
  public static final Setting MAX_EPOCHS = Setting.of("max.epochs", "N", "0",
      "Epochs of the model in all (resumed ones included), then the trainer stops training; 0 = no limit.");
  public static final Setting IDLE_EPOCHS = Setting.of("idle.epochs", "N", "10",
      "Epochs over unchanged data after which the trainer waits for new sequences; 0 = never waits.");
  public static final Setting PATIENCE = Setting.of("patience", "N", "0",
      "Early stopping: wait for new data once validation loss has not improved for N epochs; 0 = off.");
  public static final Setting BATCH_SIZE = Setting.of("batch.size", "N", "32", "Sequences per training batch.");
  public static final Setting LEARNING_RATE = Setting.of("learning.rate", "LR", "0.002", "Adam's learning rate.");
  public static final Setting LEARNING_RATE_PATIENCE = Setting.of("learning.rate.patience", "N", "0",
      "The learning rate halves after every N epochs in a row without a better validation loss, down to "
          + "learning.rate.floor times learning.rate; 0 keeps it constant. A resumed model goes on at its own rate.");
  public static final Setting LEARNING_RATE_FLOOR = Setting.of("learning.rate.floor", "F", "0.125",
      "The lowest learning rate, as a share of learning.rate.");
  public static final Setting AVERAGE_DECAY = Setting.of("weights.average.decay", "D", "0.99",
      "Validation and snapshots (so the generator too) use a moving average of the trained weights, each training "
          + "step keeping D of it (0.99: about the last hundred steps); 0 = the weights as trained. Training goes on "
          + "from its own weights; a resumed model goes on from the average its snapshot holds.");
  public static final Setting EMBEDDING = Setting.of("embedding.size", "N", "64", "Size of a character's embedding.");
  public static final Setting CELL = Setting.of("model.cell", Cells.names(), "lstm",
      "The recurrent cell of a new model: lstm, or gru (the TensorFlow tutorial's). A resumed model keeps its own.");
  public static final Setting HIDDEN = Setting.of("hidden.size", "N", "384", "Units per recurrent layer.");
  public static final Setting LAYERS = Setting.of("lstm.layers", "N", "2", "Recurrent layers (LSTM or GRU).");
  public static final Setting DROPOUT = Setting.of("dropout", "P", "0.25",
      "Share of each recurrent layer's outputs dropped in training (0 = none).");
  public static final Setting WEIGHT_DECAY = Setting.of("weight.decay", "D", "0",
      "Each step shrinks every weight (not the biases) by D times the learning rate, apart from Adam's step "
          + "(as AdamW); 0 = none. Part of a new model: a resumed model keeps its own.");
  public static final Setting CLIP = Setting.of("gradient.clip", "NORM", "5",
      "Each layer's gradient is clipped to this L2 norm (0 = no clipping).");
  public static final Setting SEED = Setting.of("seed", "N", "42", "Seeds the initial weights and the shuffling.");
  public static final Setting PASSES = Setting.of("trainer.passes", "charstream|dl4j", "charstream",
      "Whose forward and backward passes train the network: charstream's own (faster, on trainer.threads threads) "
          + "or DL4J's own fit (one thread). Snapshots are plain DL4J networks either way.");
  public static final Setting THREADS = Setting.of("trainer.threads", "N", "0",
      "Threads each training batch is split between (by rows; the result is the same up to float rounding); "
          + "0 = one per core.");
  public static final Setting KEEP_VERSIONS = Setting.of("keep.versions", "N", "5",
      "Newest model versions kept on the models topic (the best one is always kept); older ones get tombstones.");
  public static final Setting PROGRESS_INTERVAL_MS = Setting.of("progress.interval.ms", "MS", "500",
      "How often a TrainingProgress event is sent within an epoch.");

  public static final Setting MEMORY_CHARS = Setting.of("trainer.memory.chars", "N", "4000000",
      "Characters of training windows the trainer holds (a window of L ids counts L); an epoch is one pass over "
          + "them. About one byte of heap each (two past 256 vocabulary ids), and the snapshot carries them.");
  public static final Setting MEMORY_RECENT_SHARE = Setting.of("trainer.memory.recent.share", "P", "0.5",
      "Share of the memory kept for the newest windows; the rest holds a uniform sample of all older ones.");
  public static final Setting VALIDATION_MEMORY_CHARS = Setting.of("trainer.validation.memory.chars", "N", "1000000",
      "Characters of validation windows held, kept the same way as the training windows.");
  public static final Setting VALIDATION_RECENT_CHARS = Setting.of("trainer.validation.recent.chars", "N", "100000",
      "Characters of the newest validation windows that recentValidationLoss is measured on.");

  public static final List<Setting> SETTINGS = List.of(MODEL_NAME, MAX_EPOCHS, IDLE_EPOCHS, PATIENCE, BATCH_SIZE,
      LEARNING_RATE, LEARNING_RATE_PATIENCE, LEARNING_RATE_FLOOR, AVERAGE_DECAY, CELL, EMBEDDING, HIDDEN, LAYERS, DROPOUT, WEIGHT_DECAY, CLIP, SEED, PASSES, THREADS, KEEP_VERSIONS, PROGRESS_INTERVAL_MS, MEMORY_CHARS, MEMORY_RECENT_SHARE, VALIDATION_MEMORY_CHARS,
      VALIDATION_RECENT_CHARS);

  /** What the two memories take in a snapshot. */
  long memoryBytes() {
    return memoryBytes(memoryCharacters, validationMemoryCharacters, common.vocabCapacity());
  }

  private static long memoryBytes(long memory, long validationMemory, int vocabCapacity) {
    return (memory + validationMemory) * WindowStore.idBytesFor(vocabCapacity);
  }

  public static TrainerSettings from(Config config) {
    String cellName = config.require(CELL);
    RecurrentCell cell = Cells.named(cellName).orElseThrow(() -> new SettingException(
        Config.describe(CELL) + " must be one of " + Cells.names() + ", got '" + cellName + "'"));
    ModelSettings model = new ModelSettings(
        config.getInt(EMBEDDING, 1, 4096),
        config.getInt(HIDDEN, 1, 8192),
        config.getInt(LAYERS, 1, 16),
        config.getDouble(DROPOUT, 0, 0.95),
        config.getDouble(CLIP, 0, 1e6),
        config.getDouble(LEARNING_RATE, 1e-7, 10),
        config.getLong(SEED),
        cell,
        ownPasses(config.require(PASSES)),
        config.getDouble(WEIGHT_DECAY, 0, 10));
    CommonSettings common = CommonSettings.from(config);
    long memory = config.getLong(MEMORY_CHARS);
    long validationMemory = config.getLong(VALIDATION_MEMORY_CHARS);
    if (memory < 2 || validationMemory < 2) {
      throw new SettingException(Config.describe(MEMORY_CHARS) + " and " + Config.describe(VALIDATION_MEMORY_CHARS)
          + " must be at least 2 (one window)");
    }
    // The snapshot carries both memories beside the network: they must leave room for it under the cap.
    long memoryBytes = memoryBytes(memory, validationMemory, common.vocabCapacity());
    if (memoryBytes > common.topics().settings().maxSnapshotBytes() / 2) {
      throw new SettingException(Config.describe(MEMORY_CHARS) + " and " + Config.describe(VALIDATION_MEMORY_CHARS)
          + " take " + memoryBytes + " bytes in a snapshot, over half of the snapshot cap ("
          + common.topics().settings().maxSnapshotBytes() + " bytes): lower them or raise the cap");
    }
    return new TrainerSettings(common, config.require(MODEL_NAME), model,
        config.getInt(BATCH_SIZE, 1, 65_536), config.getInt(MAX_EPOCHS, 0, Integer.MAX_VALUE),
        config.getInt(IDLE_EPOCHS, 0, Integer.MAX_VALUE), config.getInt(PATIENCE, 0, Integer.MAX_VALUE),
        config.getInt(KEEP_VERSIONS, 1, 10_000), config.getLong(PROGRESS_INTERVAL_MS), memory,
        config.getDouble(MEMORY_RECENT_SHARE, 0.01, 1), validationMemory, config.getLong(VALIDATION_RECENT_CHARS),
        threads(config.getInt(THREADS, 0, 1024)), config.getInt(LEARNING_RATE_PATIENCE, 0, 1000),
        config.getDouble(LEARNING_RATE_FLOOR, 1e-6, 1), config.getDouble(AVERAGE_DECAY, 0, 0.9999));
  }

  private static boolean ownPasses(String passes) {
    return switch (passes) {
      case "charstream" -> true;
      case "dl4j" -> false;
      default -> throw new SettingException(Config.describe(PASSES) + " must be charstream or dl4j, got '" + passes + "'");
    };
  }

  /** 0 means one thread per core this JVM may use. */
  private static int threads(int configured) {
    return configured == 0 ? Runtime.getRuntime().availableProcessors() : configured;
  }
}
