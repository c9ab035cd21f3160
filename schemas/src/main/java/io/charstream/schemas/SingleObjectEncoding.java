package io.charstream.schemas;

/**
 * Tells Avro single-object encoded values from plain text. The header {@code C3 01} is never
 * valid UTF-8 ({@code C3} must be followed by a byte from {@code 80} to {@code BF}), so a value
 * on {@code text.raw} that starts with it cannot be text.
 */
public final class SingleObjectEncoding {
  private static final byte MARKER_0 = (byte) 0xC3;
  private static final byte MARKER_1 = (byte) 0x01;

  private SingleObjectEncoding() {}

  public static boolean hasHeader(byte[] value) {
    return value != null && value.length >= 2 && value[0] == MARKER_0 && value[1] == MARKER_1;
  }
}
