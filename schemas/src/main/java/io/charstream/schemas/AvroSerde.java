package io.charstream.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
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

  /**
   * Avro's generated encoders and decoders (customEncode/customDecode): they write arrays with a
   * plain loop instead of resolving every element's schema, several times faster for the
   * sequence events, and produce the same bytes.
   */
  private static final SpecificData MODEL = fastModel();

  private final Schema schema;
  private final byte[] header;
  private final SpecificDatumWriter<T> writer;
  private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);
  private final BinaryMessageDecoder<T> decoder;

  /** A thread's encoder and its output, reused from event to event. */
  private static final class Buffers {
    final EncodedBytes bytes = new EncodedBytes();
    BinaryEncoder encoder;
  }

  public AvroSerde(Schema schema) {
    this.schema = schema;
    this.header = singleObjectHeader(schema);
    this.writer = new SpecificDatumWriter<>(schema, MODEL);
    this.decoder = new BinaryMessageDecoder<>(MODEL, schema);
    olderSchemasOf(schema).forEach(decoder::addSchema);
  }

  private static byte[] singleObjectHeader(Schema schema) {
    long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    ByteBuffer header = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    header.put((byte) 0xC3).put((byte) 0x01).putLong(fingerprint);
    return header.array();
  }

  private static SpecificData fastModel() {
    SpecificData model = new SpecificData(AvroSerde.class.getClassLoader());
    model.setCustomCoders(true);
    return model;
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

  /**
   * The single-object encoding: marker {@code C3 01}, the schema's 64-bit Rabin fingerprint
   * (little-endian), then the binary body. Written here with Avro's buffered encoder, because
   * {@code BinaryMessageEncoder} writes byte by byte into a synchronised stream, which was the
   * largest cost of windowing; a test checks that the bytes are the same.
   */
  public byte[] encode(T event) {
    try {
      Buffers local = buffers.get();
      local.bytes.intoReused();
      write(event, local);
      if (local.bytes.stored()) {
        return local.bytes.copy();
      }
      // Too large to keep a buffer for (a model snapshot): encoded again, into an array of its exact size.
      byte[] exact = local.bytes.intoExact();
      write(event, local);
      local.bytes.checkFilled();
      return exact;
    } catch (IOException | AvroRuntimeException e) {
      throw new SerializationException("cannot encode " + schema.getName() + ": " + e.getMessage(), e);
    }
  }

  private void write(T event, Buffers local) throws IOException {
    local.bytes.write(header);
    local.encoder = EncoderFactory.get().binaryEncoder(local.bytes, local.encoder);
    writer.write(event, local.encoder);
    local.encoder.flush();
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
