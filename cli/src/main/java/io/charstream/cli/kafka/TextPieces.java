package io.charstream.cli.kafka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a text's bytes into pieces of at most a given size, byte-exact, at places where ingest's
 * per-event decoding and NFC normalisation give the same result as for the whole text: never
 * inside a UTF-8 sequence, and where possible just before an ASCII byte (an ASCII character
 * never combines with the one before it).
 */
final class TextPieces {
  private TextPieces() {}

  static List<byte[]> split(byte[] text, int maxPieceBytes) {
    if (maxPieceBytes < 8) {
      throw new IllegalArgumentException("pieces must hold at least 8 bytes");
    }
    List<byte[]> pieces = new ArrayList<>();
    int from = 0;
    while (from < text.length) {
      int to = text.length - from <= maxPieceBytes ? text.length : cutBefore(text, from, from + maxPieceBytes);
      pieces.add(Arrays.copyOfRange(text, from, to));
      from = to;
    }
    return pieces;
  }

  /** The best cut in (from, limit]: before an ASCII byte, else before a UTF-8 lead byte. */
  private static int cutBefore(byte[] text, int from, int limit) {
    int floor = from + (limit - from) / 2;
    for (int cut = limit; cut > floor; cut--) {
      if (text[cut] >= 0) {
        return cut;
      }
    }
    for (int cut = limit; cut > from; cut--) {
      if ((text[cut] & 0xC0) != 0x80) {
        return cut;
      }
    }
    return limit;
  }
}
