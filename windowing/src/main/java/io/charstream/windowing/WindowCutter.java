package io.charstream.windowing;

import java.util.Arrays;

/**
 * Cuts a document's id stream into windows of a fixed length at a fixed stride, across event
 * boundaries: window k covers positions {@code [k * stride, k * stride + length)}. Pure maths;
 * the caller keeps the {@link WindowState} between events.
 */
public final class WindowCutter {

  /** Receives each window cut. The ids array is shared: read {@code ids[from, from + length)} before returning. */
  @FunctionalInterface
  public interface WindowSink {
    void accept(long windowIndex, long startPosition, int[] ids, int from);
  }

  private final int length;
  private final int stride;

  public WindowCutter(int length, int stride) {
    if (length < 2) {
      throw new IllegalArgumentException("a window needs at least 2 ids (one input/target pair), got " + length);
    }
    if (stride < 1) {
      throw new IllegalArgumentException("the stride must be at least 1, got " + stride);
    }
    this.length = length;
    this.stride = stride;
  }

  public int length() {
    return length;
  }

  /**
   * Appends the ids that follow the state's buffer, hands every window now complete to the sink,
   * and returns the state to keep.
   */
  public WindowState append(WindowState state, int[] ids, WindowSink sink) {
    int[] span = concat(state.buffer(), ids);
    long spanStart = state.bufferStart();
    long spanEnd = spanStart + span.length;
    long window = state.nextWindow();
    while (window * stride + length <= spanEnd) {
      long start = window * stride;
      sink.accept(window, start, span, (int) (start - spanStart));
      window++;
    }
    // Keep what the next window needs; with a stride longer than the window, ids in between are skipped.
    long keepFrom = Math.min(window * stride, spanEnd);
    int drop = (int) (keepFrom - spanStart);
    return new WindowState(window, keepFrom, Arrays.copyOfRange(span, drop, span.length));
  }

  /** The state to continue from when a document's ids resume at a later position (ids were lost). */
  public WindowState restartAt(long position) {
    long window = (position + stride - 1) / stride;
    return new WindowState(window, position, new int[0]);
  }

  private static int[] concat(int[] head, int[] tail) {
    if (head.length == 0) {
      return tail;
    }
    int[] all = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
