package io.charstream.windowing;

import java.nio.ByteBuffer;

/**
 * What windowing remembers of one document between events: the index of the next window and
 * the ids from that window's start onwards (at most about one window long).
 *
 * @param nextWindow index of the next window to cut; it starts at {@code nextWindow * stride}
 * @param bufferStart document position of {@code buffer[0]}
 * @param buffer ids not yet part of a cut window's whole span
 */
public record WindowState(long nextWindow, long bufferStart, int[] buffer) {
  public static final WindowState EMPTY = new WindowState(0, 0, new int[0]);

  /** The document position the next event should start at. */
  public long nextPosition() {
    return bufferStart + buffer.length;
  }

  public byte[] toBytes() {
    ByteBuffer bytes = ByteBuffer.allocate(8 + 8 + 4 + 4 * buffer.length);
    bytes.putLong(nextWindow).putLong(bufferStart).putInt(buffer.length);
    for (int id : buffer) {
      bytes.putInt(id);
    }
    return bytes.array();
  }

  public static WindowState fromBytes(byte[] data) {
    ByteBuffer bytes = ByteBuffer.wrap(data);
    long nextWindow = bytes.getLong();
    long bufferStart = bytes.getLong();
    int[] buffer = new int[bytes.getInt()];
    for (int i = 0; i < buffer.length; i++) {
      buffer[i] = bytes.getInt();
    }
    return new WindowState(nextWindow, bufferStart, buffer);
  }
}
