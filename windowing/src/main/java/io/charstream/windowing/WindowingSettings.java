package io.charstream.windowing;

import io.charstream.service.CommonSettings;
import io.charstream.service.Config;
import io.charstream.service.Setting;
import io.charstream.service.SettingException;
import java.util.List;

/** What windowing needs to know, resolved once from flags, environment and properties. */
public record WindowingSettings(
    CommonSettings common,
    int windowLength,
    int stride,
    double validationFraction,
    int splitBlock,
    int splitGap,
    long commitIntervalMs) {

  private static final String AUTO = "auto";

  public static final Setting WINDOW_LENGTH = Setting.of("window.length", "N", "513",
      "Ids per sequence; a window of N ids gives N-1 input/target pairs. Longer windows give each prediction "
          + "more context (a window's first characters are predicted from almost none).");
  public static final Setting WINDOW_STRIDE = Setting.of("window.stride", "N", AUTO,
      "Ids between the starts of consecutive windows. auto = window length - 1: every input/target pair "
          + "is trained once per epoch (stride 1 makes each epoch about N-1 passes over the text).");
  public static final Setting VALIDATION_FRACTION = Setting.of("validation.fraction", "F", "0.1",
      "Share of each split block that goes to sequences.validation.");
  public static final Setting SPLIT_BLOCK = Setting.of("split.block", "N", "100",
      "Windows per split block: the first (1-F) of each block train, the rest validate.");
  public static final Setting SPLIT_GAP = Setting.of("split.gap", "N", AUTO,
      "Windows dropped at each train/validation boundary. auto = just enough that no validation character "
          + "is ever trained on (ceil(length/stride) - 1).");
  public static final Setting COMMIT_INTERVAL_MS = Setting.of("windowing.commit.interval.ms", "MS", "100",
      "How often windowing commits its exactly-once transaction.");

  public static final List<Setting> SETTINGS = List.of(WINDOW_LENGTH, WINDOW_STRIDE, VALIDATION_FRACTION,
      SPLIT_BLOCK, SPLIT_GAP, COMMIT_INTERVAL_MS);

  public static WindowingSettings from(Config config) {
    int length = config.getInt(WINDOW_LENGTH, 2, 1_000_000);
    int stride = AUTO.equals(config.get(WINDOW_STRIDE)) ? length - 1 : config.getInt(WINDOW_STRIDE, 1, 1_000_000);
    int gap = AUTO.equals(config.get(SPLIT_GAP)) ? SplitPolicy.gapKeepingValidationApart(length, stride)
        : config.getInt(SPLIT_GAP, 0, 1_000_000);
    WindowingSettings settings = new WindowingSettings(CommonSettings.from(config), length, stride,
        config.getDouble(VALIDATION_FRACTION, 0, 1), config.getInt(SPLIT_BLOCK, 1, Integer.MAX_VALUE), gap,
        config.getLong(COMMIT_INTERVAL_MS));
    try {
      settings.splitPolicy();
    } catch (IllegalArgumentException e) {
      throw new SettingException(e.getMessage() + " (" + Config.describe(SPLIT_BLOCK) + ", "
          + Config.describe(VALIDATION_FRACTION) + ", " + Config.describe(SPLIT_GAP) + ")");
    }
    return settings;
  }

  public SplitPolicy splitPolicy() {
    return new SplitPolicy(splitBlock, validationFraction, splitGap);
  }

  public WindowCutter cutter() {
    return new WindowCutter(windowLength, stride);
  }
}
