package io.charstream.ingest;

import io.charstream.events.TextEvent;
import io.charstream.schemas.Events;
import io.charstream.schemas.SingleObjectEncoding;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Turns one {@code text.raw} record into a document id and NFC text, or a reason to reject it.
 * A value is either plain UTF-8 (what {@code kafka-console-producer} sends) or an Avro
 * {@link TextEvent}, told apart by the single-object header. Unkeyed plain text is one line of
 * the default document, so it gets its newline back; keyed text is a piece of its document,
 * taken exactly as sent. Knows nothing of Kafka clients.
 */
public final class TextDecoder {

  /** The outcome for one record. */
  public sealed interface Result permits Accepted, Rejected {}

  public record Accepted(String docId, String text) implements Result {}

  public record Rejected(String docId, String reason) implements Result {}

  private final String defaultDocId;
  private final int maxBytes;

  public TextDecoder(String defaultDocId, int maxBytes) {
    this.defaultDocId = defaultDocId;
    this.maxBytes = maxBytes;
  }

  public Result decode(String key, byte[] value) {
    String docId = key == null || key.isEmpty() ? null : key;
    if (value == null) {
      return new Rejected(docId, "the record has no value (a tombstone): there is no text to learn from");
    }
    if (value.length > maxBytes) {
      return new Rejected(docId, "the text event is " + value.length + " bytes, over the cap of " + maxBytes
          + " bytes (max.text.bytes): send it in smaller pieces under the same key");
    }
    return SingleObjectEncoding.hasHeader(value) ? decodeAvro(docId, value) : decodePlain(docId, value);
  }

  private Result decodeAvro(String key, byte[] value) {
    TextEvent event;
    try {
      event = Events.TEXT_EVENT.decode(value);
    } catch (SerializationException e) {
      return new Rejected(key, e.getMessage());
    }
    String docId = event.getDocId() != null && !event.getDocId().isEmpty() ? event.getDocId()
        : key != null ? key : defaultDocId;
    return accept(docId, event.getText());
  }

  private Result decodePlain(String key, byte[] value) {
    String text;
    try {
      text = strictUtf8().decode(ByteBuffer.wrap(value)).toString();
    } catch (CharacterCodingException e) {
      return new Rejected(key, "the value is not valid UTF-8 (" + invalidByteAt(value) + ") and not an Avro "
          + "TextEvent: send UTF-8 text");
    }
    if (key == null) {
      // One line typed into kafka-console-producer: an empty line is a blank line of the text.
      return accept(defaultDocId, text + "\n");
    }
    return accept(key, text);
  }

  private static Result accept(String docId, String text) {
    if (text.isEmpty()) {
      return new Rejected(docId, "the text is empty");
    }
    return new Accepted(docId, Normalizer.normalize(text, Normalizer.Form.NFC));
  }

  private static CharsetDecoder strictUtf8() {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  /** Names the first byte at which decoding fails, so a person can find it. */
  private static String invalidByteAt(byte[] value) {
    CharsetDecoder decoder = strictUtf8();
    ByteBuffer in = ByteBuffer.wrap(value);
    var out = java.nio.CharBuffer.allocate(value.length + 1);
    var result = decoder.decode(in, out, true);
    if (result.isError()) {
      return "invalid byte 0x" + String.format("%02X", value[in.position()]) + " at offset " + in.position();
    }
    return "incomplete character at the end";
  }
}
