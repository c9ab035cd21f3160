package io.charstream.schemas;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * Where one thread encodes its events. Small events go into an array reused from event to event
 * and leave as a copy of their length. A large one (a model snapshot is tens of megabytes) is
 * only counted, then written again into an array of exactly its length: no buffer grown by
 * doubling, no copy of it, no large array kept between events. Large arrays are what the garbage
 * collector finds hardest to place, and a heap grown to place them stays grown.
 */
final class EncodedBytes extends OutputStream {
  /** The most a thread keeps between events: below the size the JVM treats as a large object. */
  static final int REUSED_LIMIT = 256 * 1024;

  private byte[] reused = new byte[256];
  /** What this pass writes into: the reused array, an exact one, or none once the event outgrew the reused. */
  private byte[] target;
  private int count;
  private long length;

  /** Starts an event in the reused array. */
  void intoReused() {
    start(reused);
  }

  /** Starts the event again, into an array of the length the last pass counted; returns that array. */
  byte[] intoExact() {
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("an event of " + length + " bytes is larger than an array can hold");
    }
    byte[] exact = new byte[(int) length];
    start(exact);
    return exact;
  }

  private void start(byte[] into) {
    target = into;
    count = 0;
    length = 0;
  }

  /** Whether the whole event is in the reused array. */
  boolean stored() {
    return target != null;
  }

  /** The event of the reused array, as an array of its own. */
  byte[] copy() {
    return Arrays.copyOf(target, count);
  }

  /** Checks the second pass wrote what the first counted: an event changed in between would not. */
  void checkFilled() {
    if (target == null || count != target.length) {
      throw new IllegalStateException("the event changed while it was being encoded");
    }
  }

  @Override
  public void write(int b) {
    length++;
    if (room(1)) {
      target[count++] = (byte) b;
    }
  }

  @Override
  public void write(byte[] bytes, int offset, int size) {
    length += size;
    if (room(size)) {
      System.arraycopy(bytes, offset, target, count, size);
      count += size;
    }
  }

  /** Whether the target takes size more bytes, growing the reused array up to its limit; else only counts from now on. */
  private boolean room(int size) {
    if (target == null) {
      return false;
    }
    long needed = (long) count + size;
    if (needed <= target.length) {
      return true;
    }
    if (target == reused && needed <= REUSED_LIMIT) {
      reused = Arrays.copyOf(reused, (int) Math.min(REUSED_LIMIT, Math.max(needed, 2L * reused.length)));
      target = reused;
      return true;
    }
    target = null;
    return false;
  }
}
