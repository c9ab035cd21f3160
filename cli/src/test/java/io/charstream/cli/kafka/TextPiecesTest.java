package io.charstream.cli.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.testing.SeedText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextPiecesTest {

  private static byte[] join(List<byte[]> pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    pieces.forEach(out::writeBytes);
    return out.toByteArray();
  }

  @Test
  void theSeedTextHas198Characters() {
    assertThat(SeedText.TEXT).hasSize(198);
  }

  @Test
  void piecesJoinToTheExactBytesAndRespectTheLimit() {
    byte[] text = "Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich. ".repeat(40)
        .getBytes(StandardCharsets.UTF_8);
    List<byte[]> pieces = TextPieces.split(text, 100);
    assertThat(join(pieces)).isEqualTo(text);
    assertThat(pieces).allSatisfy(piece -> assertThat(piece.length).isBetween(1, 100));
  }

  @Test
  void neverCutsInsideACharacterNorBeforeACombiningMark() {
    String text = "e\u0301".repeat(300);
    List<byte[]> pieces = TextPieces.split(text.getBytes(StandardCharsets.UTF_8), 16);
    StringBuilder normalisedPieces = new StringBuilder();
    for (byte[] piece : pieces) {
      String decoded = new String(piece, StandardCharsets.UTF_8);
      assertThat(decoded).doesNotContain("\uFFFD");
      normalisedPieces.append(Normalizer.normalize(decoded, Normalizer.Form.NFC));
    }
    assertThat(normalisedPieces.toString()).isEqualTo(Normalizer.normalize(text, Normalizer.Form.NFC));
  }
}
