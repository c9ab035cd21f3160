package io.charstream.schemas;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.charstream.events.VocabEntry;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;

/**
 * Renders events as plain JSON for people and scripts: fields under their schema names, unions
 * unwrapped to their value (never Avro's {@code {"double": 2.3}}), bytes as their length and SHA-256.
 */
public final class EventJson {
  private static final JsonFactory JSON = new JsonFactory();

  private EventJson() {}

  public static String render(IndexedRecord record) {
    return write(generator -> writeRecord(generator, record));
  }

  /** A plain-text value of {@code text.raw}, shaped like a {@code TextEvent}. */
  public static String renderText(String docId, String text) {
    return write(generator -> {
      generator.writeStartObject();
      generator.writeStringField("docId", docId);
      generator.writeStringField("text", text);
      generator.writeEndObject();
    });
  }

  /** A record without a value: a deletion marker on a compacted topic. */
  public static String renderTombstone(String key) {
    return write(generator -> {
      generator.writeStartObject();
      generator.writeStringField("key", key);
      generator.writeBooleanField("tombstone", true);
      generator.writeEndObject();
    });
  }

  /** A snapshot's vocabulary for use outside charstream: {@code {"unknownId":0,"capacity":N,"ids":{"a":1,...}}}. */
  public static String renderVocabulary(List<VocabEntry> entries, int capacity) {
    List<VocabEntry> byId = new ArrayList<>(entries);
    byId.sort(Comparator.comparingInt(VocabEntry::getId));
    return write(generator -> {
      generator.writeStartObject();
      generator.writeNumberField("unknownId", 0);
      generator.writeNumberField("capacity", capacity);
      generator.writeObjectFieldStart("ids");
      for (VocabEntry entry : byId) {
        generator.writeNumberField(entry.getChar$(), entry.getId());
      }
      generator.writeEndObject();
      generator.writeEndObject();
    });
  }

  /** A value that is neither text nor a known event. */
  public static String renderUndecodable(byte[] value, String reason) {
    return write(generator -> {
      generator.writeStartObject();
      generator.writeFieldName("value");
      writeBytes(generator, ByteBuffer.wrap(value));
      generator.writeStringField("error", reason);
      generator.writeEndObject();
    });
  }

  private interface JsonWriting {
    void writeTo(JsonGenerator generator) throws IOException;
  }

  private static String write(JsonWriting writing) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      writing.writeTo(generator);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void writeRecord(JsonGenerator generator, IndexedRecord record) throws IOException {
    generator.writeStartObject();
    for (Schema.Field field : record.getSchema().getFields()) {
      generator.writeFieldName(field.name());
      writeValue(generator, field.schema(), record.get(field.pos()));
    }
    generator.writeEndObject();
  }

  private static void writeValue(JsonGenerator generator, Schema schema, Object value) throws IOException {
    if (value == null) {
      generator.writeNull();
      return;
    }
    switch (schema.getType()) {
      case UNION -> writeValue(generator, schema.getTypes().get(GenericData.get().resolveUnion(schema, value)), value);
      case RECORD -> writeRecord(generator, (IndexedRecord) value);
      case ARRAY -> {
        generator.writeStartArray();
        for (Object item : (List<?>) value) {
          writeValue(generator, schema.getElementType(), item);
        }
        generator.writeEndArray();
      }
      case MAP -> {
        generator.writeStartObject();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          generator.writeFieldName(entry.getKey().toString());
          writeValue(generator, schema.getValueType(), entry.getValue());
        }
        generator.writeEndObject();
      }
      case BYTES -> writeBytes(generator, (ByteBuffer) value);
      case FIXED -> writeBytes(generator, ByteBuffer.wrap(((GenericData.Fixed) value).bytes()));
      case INT -> generator.writeNumber((Integer) value);
      case LONG -> generator.writeNumber((Long) value);
      case FLOAT -> generator.writeNumber((Float) value);
      case DOUBLE -> generator.writeNumber((Double) value);
      case BOOLEAN -> generator.writeBoolean((Boolean) value);
      default -> generator.writeString(value.toString());
    }
  }

  private static void writeBytes(JsonGenerator generator, ByteBuffer bytes) throws IOException {
    ByteBuffer view = bytes.duplicate();
    generator.writeStartObject();
    generator.writeNumberField("length", view.remaining());
    generator.writeStringField("sha256", sha256(view));
    generator.writeEndObject();
  }

  private static String sha256(ByteBuffer bytes) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(bytes);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
