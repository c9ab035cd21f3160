package io.charstream.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding (header {@code C3 01}, schema fingerprint, body) for one generated
 * event class. No schema registry: the decoder knows the current schema and every older writer
 * schema kept under {@code io/charstream/schemas/history}, so events written by an older version
 * are resolved to the current one with Avro's rules.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  private static final String HISTORY = "/io/charstream/schemas/history/%s-v%d.avsc";
  private static final int MAX_HISTORY = 100;

  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  public AvroSerde(Schema schema) {
    this.schema = schema;
    this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema);
    this.decoder = new BinaryMessageDecoder<>(SpecificData.get(), schema);
    olderSchemasOf(schema).forEach(decoder::addSchema);
  }

  /** The writer schemas this type had before its current one, oldest first. */
  public static List<Schema> olderSchemasOf(Schema schema) {
    List<Schema> older = new ArrayList<>();
    for (int version = 1; version <= MAX_HISTORY; version++) {
      String resource = String.format(HISTORY, schema.getName(), version);
      try (InputStream in = AvroSerde.class.getResourceAsStream(resource)) {
        if (in == null) {
          break;
        }
        older.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read bundled schema " + resource, e);
      }
    }
    return older;
  }

  public Schema schema() {
    return schema;
  }

  public byte[] encode(T event) {
    try {
      ByteBuffer buffer = encoder.encode(event);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | AvroRuntimeException e) {
      throw new SerializationException("cannot encode " + schema.getName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes one event, resolving older writer schemas to the current one.
   *
   * @throws SerializationException with a readable reason when the bytes are not such an event
   */
  public T decode(byte[] bytes) {
    if (!SingleObjectEncoding.hasHeader(bytes)) {
      throw new SerializationException("not Avro single-object encoding: the value does not start with C3 01");
    }
    try {
      return decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("malformed " + schema.getName() + " event: " + describe(e), e);
    }
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, event) -> event == null ? null : encode(event);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }
}
