package io.charstream.generator;

import io.charstream.service.CommonSettings;
import io.charstream.service.Config;
import io.charstream.service.Setting;
import io.charstream.service.SettingException;
import java.time.Duration;
import java.util.List;

/** What the generator needs to know, resolved once from flags, environment and properties. */
public record GeneratorSettings(
    CommonSettings common,
    String modelName,
    int maxChars,
    int maxPromptChars,
    long modelWaitMs,
    boolean serveBest,
    int maxBatch,
    int threads,
    Duration dedupWindow,
    long streamIntervalMs) {

  public static final Setting MAX_CHARS = Setting.of("generator.max.chars", "N", "1000",
      "Longest continuation a request may ask for.");
  public static final Setting MAX_PROMPT_CHARS = Setting.of("generator.max.prompt.chars", "N", "1000",
      "Longest prompt accepted.");
  public static final Setting MODEL_WAIT_MS = Setting.of("generator.model.wait.ms", "MS", "60000",
      "Before any model exists, how long a request waits for one before it is answered with an error.");
  public static final Setting SERVE = Setting.of("generator.serve", "newest|best", "newest",
      "Serve the newest model version, or the one with the best validation loss (a request may name a version).");
  public static final Setting MAX_BATCH = Setting.of("generator.max.batch", "N", "32",
      "Requests decoded together in one batched forward pass.");
  public static final Setting THREADS = Setting.of("generator.threads", "N",
      Integer.toString(Math.min(2, Runtime.getRuntime().availableProcessors())),
      "Cores one batch may use: a batch of at least 4 requests per core is split between them (default: up to 2).");

  public static final Setting DEDUP_WINDOW_MS = Setting.of("generator.dedup.window.ms", "MS", "3600000",
      "A request whose id was answered within this window is never answered again; older ids are forgotten.");

  public static final Setting STREAM_INTERVAL_MS = Setting.of("generator.stream.interval.ms", "MS", "50",
      "A streamed request's newest characters are published as a chunk on generations.chunks this often.");

  public static final List<Setting> SETTINGS = List.of(CommonSettings.MODEL_NAME, MAX_CHARS, MAX_PROMPT_CHARS,
      MODEL_WAIT_MS, SERVE, MAX_BATCH, THREADS, DEDUP_WINDOW_MS, STREAM_INTERVAL_MS);

  public static GeneratorSettings from(Config config) {
    String serve = config.require(SERVE);
    if (!serve.equals("newest") && !serve.equals("best")) {
      throw new SettingException(Config.describe(SERVE) + " must be newest or best, got '" + serve + "'");
    }
    return new GeneratorSettings(CommonSettings.from(config), config.require(CommonSettings.MODEL_NAME),
        config.getInt(MAX_CHARS, 1, 1_000_000), config.getInt(MAX_PROMPT_CHARS, 1, 1_000_000),
        config.getLong(MODEL_WAIT_MS), serve.equals("best"), config.getInt(MAX_BATCH, 1, 4096),
        config.getInt(THREADS, 1, 256), Duration.ofMillis(config.getLong(DEDUP_WINDOW_MS)),
        config.getInt(STREAM_INTERVAL_MS, 1, 60_000));
  }
}
