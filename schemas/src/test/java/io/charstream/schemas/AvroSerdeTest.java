package io.charstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.charstream.events.ModelSnapshot;
import io.charstream.events.Sequence;
import io.charstream.events.Generation;
import io.charstream.events.PromptRequest;
import io.charstream.events.TextEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  @Test
  void roundTripsAnEventInSingleObjectEncoding() {
    Sequence sequence = new Sequence("doc", 42L, List.of(1, 2, 3));
    byte[] bytes = Events.SEQUENCE.encode(sequence);

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(Events.SEQUENCE.decode(bytes)).isEqualTo(sequence);
  }

  @Test
  void writesTheSameBytesAsAvrosGenericEncoder() throws Exception {
    Sequence sequence = new Sequence("doc", 42L, List.of(1, 2, 300, 0, 65_000));
    assertThat(Events.SEQUENCE.encode(sequence)).isEqualTo(genericBytes(sequence));
  }

  @Test
  void eventsLargerThanTheReusedBufferAreWrittenWholeAndTheSmallOnesAfterThemToo() throws Exception {
    Sequence small = new Sequence("doc", 1L, List.of(1, 2, 3));
    Sequence growing = sequenceOfIds(EncodedBytes.REUSED_LIMIT / 2);
    Sequence large = sequenceOfIds(EncodedBytes.REUSED_LIMIT + 1_000);
    for (Sequence sequence : List.of(small, large, growing, small, large, small)) {
      byte[] encoded = Events.SEQUENCE.encode(sequence);
      assertThat(encoded).isEqualTo(genericBytes(sequence));
      assertThat(Events.SEQUENCE.decode(encoded)).isEqualTo(sequence);
    }
  }

  /** A sequence of this many ids, each one byte in Avro's encoding. */
  private static Sequence sequenceOfIds(int count) {
    List<Integer> ids = new java.util.ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(i % 60);
    }
    return new Sequence("doc", 7L, ids);
  }

  private static byte[] genericBytes(Sequence sequence) throws Exception {
    ByteBuffer generic = new BinaryMessageEncoder<Sequence>(org.apache.avro.specific.SpecificData.get(),
        Sequence.getClassSchema()).encode(sequence);
    byte[] expected = new byte[generic.remaining()];
    generic.get(expected);
    return expected;
  }

  @Test
  void readsATextEventWrittenWithVersionOneOfItsSchema() throws Exception {
    List<Schema> older = AvroSerde.olderSchemasOf(TextEvent.getClassSchema());
    assertThat(older).hasSize(1);
    Schema v1 = older.get(0);
    assertThat(v1.getField("source")).isNull();

    GenericRecord old = new GenericData.Record(v1);
    old.put("docId", "hamlet");
    old.put("text", "To be, or not to be");
    ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);

    TextEvent read = Events.TEXT_EVENT.decode(bytes);
    assertThat(read.getDocId()).isEqualTo("hamlet");
    assertThat(read.getText()).isEqualTo("To be, or not to be");
    assertThat(read.getSource()).isNull();
  }

  @Test
  void aPromptRequestFromBeforeStreamingIsNotStreamedAndAnOldAnswerNamesNoAttempt() throws Exception {
    Schema requestV1 = AvroSerde.olderSchemasOf(PromptRequest.getClassSchema()).get(0);
    assertThat(requestV1.getField("stream")).isNull();
    GenericRecord oldRequest = new GenericData.Record(requestV1);
    oldRequest.put("requestId", "r1");
    oldRequest.put("prompt", "Once");
    oldRequest.put("maxChars", 20);
    oldRequest.put("temperature", 0.5);
    oldRequest.put("timestampMs", 7L);
    PromptRequest request = Events.PROMPT_REQUEST.decode(encode(requestV1, oldRequest));
    assertThat(request.getPrompt()).isEqualTo("Once");
    assertThat(request.getStream()).isFalse();

    Schema generationV1 = AvroSerde.olderSchemasOf(Generation.getClassSchema()).get(0);
    GenericRecord oldAnswer = new GenericData.Record(generationV1);
    oldAnswer.put("requestId", "r1");
    oldAnswer.put("text", "upon");
    oldAnswer.put("queueWaitMs", 1L);
    oldAnswer.put("generationMs", 2L);
    oldAnswer.put("charactersPerSecond", 3.0);
    Generation answer = Events.GENERATION.decode(encode(generationV1, oldAnswer));
    assertThat(answer.getText()).isEqualTo("upon");
    assertThat(answer.getAttempt()).isNull();
  }

  private static byte[] encode(Schema schema, GenericRecord record) throws Exception {
    ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);
    return bytes;
  }

  @Test
  void readsAModelSnapshotWrittenBeforeItRecordedItsArchitecture() throws Exception {
    List<Schema> older = AvroSerde.olderSchemasOf(ModelSnapshot.getClassSchema());
    assertThat(older).hasSize(1);
    Schema v1 = older.get(0);
    assertThat(v1.getField("architecture")).isNull();

    GenericRecord metrics = new GenericData.Record(v1.getField("metrics").schema());
    metrics.put("modelName", "old");
    metrics.put("version", 3L);
    metrics.put("epoch", 3);
    metrics.put("trainLoss", 1.5);
    metrics.put("trainAccuracy", 0.5);
    metrics.put("sequencesSeen", 80L);
    metrics.put("charactersSeen", 7920L);
    metrics.put("charactersPerSecond", 1000.0);
    metrics.put("wallTimeMs", 10L);
    metrics.put("timestampMs", 1L);
    GenericRecord old = new GenericData.Record(v1);
    old.put("modelName", "old");
    old.put("version", 3L);
    old.put("epoch", 3);
    old.put("metrics", metrics);
    old.put("best", false);
    old.put("vocab", List.of());
    old.put("vocabCapacity", 64);
    old.put("modelBytes", ByteBuffer.wrap(new byte[] {1, 2, 3}));
    ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);

    ModelSnapshot read = Events.MODEL_SNAPSHOT.decode(bytes);
    assertThat(read.getVersion()).isEqualTo(3L);
    assertThat(read.getModelBytes().remaining()).isEqualTo(3);
    assertThat(read.getArchitecture()).as("a snapshot from before the field: no architecture, read as an LSTM").isNull();
  }

  @Test
  void rejectsPlainTextWithAReason() {
    byte[] text = "hello".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Events.TEXT_EVENT.decode(text))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("C3 01");
  }

  @Test
  void rejectsAHeaderFollowedByGarbageWithAReason() {
    byte[] garbage = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    assertThatThrownBy(() -> Events.TEXT_EVENT.decode(garbage))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("malformed TextEvent");
  }

  @Test
  void anEventOfAnotherTypeIsNotReadAsThisOne() {
    byte[] sequence = Events.SEQUENCE.encode(new Sequence("doc", 0L, List.of(1)));
    assertThatThrownBy(() -> Events.TEXT_EVENT.decode(sequence)).isInstanceOf(SerializationException.class);
  }

  @Test
  void theHeaderIsNeverValidUtf8() {
    byte[] header = {(byte) 0xC3, 0x01};
    var decoder = StandardCharsets.UTF_8.newDecoder();
    assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(header)))
        .isInstanceOf(java.nio.charset.CharacterCodingException.class);
    assertThat(SingleObjectEncoding.hasHeader(header)).isTrue();
    assertThat(SingleObjectEncoding.hasHeader("ab".getBytes(StandardCharsets.UTF_8))).isFalse();
  }
}
