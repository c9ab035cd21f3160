package io.charstream.windowing;

/**
 * Decides, from a window's index in its document, whether it trains, validates or is dropped.
 * Windows are grouped in blocks; the first share of each block trains and the rest validates,
 * so validation samples the whole document while staying deterministic. A gap of windows is
 * dropped on the validation side of each train/validation boundary: windows that overlap the
 * neighbouring training windows would otherwise put validation characters into training.
 */
public final class SplitPolicy {

  /** Where a window goes. */
  public enum Split { TRAIN, VALIDATION, DROPPED }

  private final int block;
  private final int trainPerBlock;
  private final int gap;

  /**
   * @param block windows per split block
   * @param validationFraction share of each block for validation, from 0 to 1
   * @param gap windows dropped at each train/validation boundary
   */
  public SplitPolicy(int block, double validationFraction, int gap) {
    if (block < 1) {
      throw new IllegalArgumentException("the split block must hold at least 1 window, got " + block);
    }
    if (!(validationFraction >= 0 && validationFraction <= 1)) {
      throw new IllegalArgumentException("the validation fraction must be from 0 to 1, got " + validationFraction);
    }
    if (gap < 0) {
      throw new IllegalArgumentException("the split gap cannot be negative, got " + gap);
    }
    this.block = block;
    this.trainPerBlock = (int) Math.round(block * (1 - validationFraction));
    this.gap = gap;
    if (trainPerBlock < block && validationPerBlock() <= 0) {
      throw new IllegalArgumentException("a block of " + block + " windows with validation fraction "
          + validationFraction + " and a gap of " + gap + " leaves no validation window: raise the split block");
    }
  }

  /**
   * The gap that keeps every validation character out of training: windows whose starts are
   * closer than the window length share characters.
   */
  public static int gapKeepingValidationApart(int windowLength, int stride) {
    return (windowLength + stride - 1) / stride - 1;
  }

  public Split assign(long windowIndex) {
    int inBlock = (int) (windowIndex % block);
    if (inBlock < trainPerBlock) {
      return Split.TRAIN;
    }
    if (inBlock >= trainPerBlock + gap && inBlock < block - gap) {
      return Split.VALIDATION;
    }
    return Split.DROPPED;
  }

  public int trainPerBlock() {
    return trainPerBlock;
  }

  public int validationPerBlock() {
    return Math.max(0, block - trainPerBlock - 2 * gap);
  }
}
