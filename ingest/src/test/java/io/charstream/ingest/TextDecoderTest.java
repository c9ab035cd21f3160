package io.charstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.events.TextEvent;
import io.charstream.schemas.Events;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextDecoderTest {
  private final TextDecoder decoder = new TextDecoder("default", 64);

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void givesAnUnkeyedLineItsNewlineBackInTheDefaultDocument() {
    assertThat(decoder.decode(null, utf8("First line"))).isEqualTo(new TextDecoder.Accepted("default", "First line\n"));
    assertThat(decoder.decode(null, utf8(""))).isEqualTo(new TextDecoder.Accepted("default", "\n"));
  }

  @Test
  void takesAKeyedPieceExactlyAsSent() {
    assertThat(decoder.decode("doc", utf8("no newline"))).isEqualTo(new TextDecoder.Accepted("doc", "no newline"));
  }

  @Test
  void normalisesToNfc() {
    String decomposed = "e\u0301";
    assertThat(decoder.decode("doc", utf8(decomposed))).isEqualTo(new TextDecoder.Accepted("doc", "\u00e9"));
  }

  @Test
  void readsAvroTextEventsAndTheirDocumentId() {
    byte[] event = Events.TEXT_EVENT.encode(new TextEvent("hamlet", "To be", null));
    assertThat(decoder.decode("ignored-key", event)).isEqualTo(new TextDecoder.Accepted("hamlet", "To be"));
    byte[] unnamed = Events.TEXT_EVENT.encode(new TextEvent(null, "piece", null));
    assertThat(decoder.decode("keyed", unnamed)).isEqualTo(new TextDecoder.Accepted("keyed", "piece"));
  }

  @Test
  void rejectsInvalidUtf8NamingTheByte() {
    byte[] invalid = {'a', 'b', (byte) 0xFF, 'c'};
    TextDecoder.Result result = decoder.decode("doc", invalid);
    assertThat(result).isInstanceOf(TextDecoder.Rejected.class);
    assertThat(((TextDecoder.Rejected) result).reason()).contains("not valid UTF-8", "0xFF at offset 2");
  }

  @Test
  void rejectsEmptyKeyedTextAndTombstones() {
    assertThat(decoder.decode("doc", new byte[0])).isEqualTo(new TextDecoder.Rejected("doc", "the text is empty"));
    assertThat(((TextDecoder.Rejected) decoder.decode("doc", null)).reason()).contains("no value");
  }

  @Test
  void rejectsTextOverTheCap() {
    TextDecoder.Result result = decoder.decode("doc", new byte[65]);
    assertThat(((TextDecoder.Rejected) result).reason()).contains("65 bytes", "cap of 64 bytes");
  }

  @Test
  void rejectsMalformedAvro() {
    byte[] malformed = {(byte) 0xC3, 0x01, 9, 9, 9, 9, 9, 9, 9, 9, 1, 2};
    TextDecoder.Result result = decoder.decode("doc", malformed);
    assertThat(((TextDecoder.Rejected) result).reason()).contains("TextEvent");
  }
}
