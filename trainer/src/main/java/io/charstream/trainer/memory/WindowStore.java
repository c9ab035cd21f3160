package io.charstream.trainer.memory;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Windows of ids of one length, held in one primitive array of the narrowest type the vocabulary
 * capacity allows (one byte per id up to 256 ids, two up to 65,536, else four): no object per
 * window. Slots are numbered; the array grows by doubling up to the capacity it is given.
 */
public final class WindowStore {
  private final int windowLength;
  private final int capacity;
  private final int idBytes;
  private byte[] bytes = new byte[0];
  private short[] shorts = new short[0];
  private int[] ints = new int[0];
  private int allocated;

  public WindowStore(int windowLength, int capacity, int vocabularyCapacity) {
    if (windowLength < 2 || capacity < 1) {
      throw new IllegalArgumentException("a window store needs windows of 2 ids or more and 1 slot or more");
    }
    this.windowLength = windowLength;
    this.capacity = capacity;
    this.idBytes = idBytesFor(vocabularyCapacity);
  }

  /** Bytes one id takes for a vocabulary of this capacity. */
  public static int idBytesFor(int vocabularyCapacity) {
    return vocabularyCapacity <= 1 << 8 ? 1 : vocabularyCapacity <= 1 << 16 ? 2 : 4;
  }

  public int windowLength() {
    return windowLength;
  }

  public int capacity() {
    return capacity;
  }

  public int idBytes() {
    return idBytes;
  }

  public void put(int slot, int[] window) {
    if (window.length != windowLength) {
      throw new IllegalArgumentException("a window of " + window.length + " ids in a store of " + windowLength);
    }
    ensure(slot + 1);
    int at = slot * windowLength;
    for (int i = 0; i < windowLength; i++) {
      switch (idBytes) {
        case 1 -> bytes[at + i] = (byte) window[i];
        case 2 -> shorts[at + i] = (short) window[i];
        default -> ints[at + i] = window[i];
      }
    }
  }

  public int[] get(int slot) {
    int[] window = new int[windowLength];
    int at = slot * windowLength;
    for (int i = 0; i < windowLength; i++) {
      window[i] = switch (idBytes) {
        case 1 -> bytes[at + i] & 0xFF;
        case 2 -> shorts[at + i] & 0xFFFF;
        default -> ints[at + i];
      };
    }
    return window;
  }

  /** Heap bytes the ids take now. */
  public long heapBytes() {
    return (long) allocated * windowLength * idBytes;
  }

  /** The windows of these slots, in this order, as bytes (big-endian ids of {@link #idBytes()} bytes each). */
  public byte[] toBytes(int[] slots) {
    ByteBuffer out = ByteBuffer.allocate(slots.length * windowLength * idBytes);
    for (int slot : slots) {
      for (int id : get(slot)) {
        switch (idBytes) {
          case 1 -> out.put((byte) id);
          case 2 -> out.putShort((short) id);
          default -> out.putInt(id);
        }
      }
    }
    return out.array();
  }

  /** Windows written by {@link #toBytes}, in order. */
  public static int[][] windowsOf(ByteBuffer in, int windowLength, int idBytes) {
    ByteBuffer view = in.duplicate();
    int count = view.remaining() / (windowLength * idBytes);
    int[][] windows = new int[count][windowLength];
    for (int w = 0; w < count; w++) {
      for (int i = 0; i < windowLength; i++) {
        windows[w][i] = switch (idBytes) {
          case 1 -> view.get() & 0xFF;
          case 2 -> view.getShort() & 0xFFFF;
          default -> view.getInt();
        };
      }
    }
    return windows;
  }

  private void ensure(int slots) {
    if (slots <= allocated) {
      return;
    }
    int grown = (int) Math.min(capacity, Math.max((long) slots, Math.max(16L, 2L * allocated)));
    int length = grown * windowLength;
    switch (idBytes) {
      case 1 -> bytes = Arrays.copyOf(bytes, length);
      case 2 -> shorts = Arrays.copyOf(shorts, length);
      default -> ints = Arrays.copyOf(ints, length);
    }
    allocated = grown;
  }
}
