package io.charstream.ingest;

import io.charstream.events.EncodedText;
import io.charstream.events.Rejection;
import io.charstream.schemas.Topics;
import io.charstream.service.Rejections;
import io.charstream.service.ServiceNames;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Ingest's topology: {@code text.raw} → decode, normalise, encode → {@code text.ids}, or →
 * {@code text.rejected}. Each document's next position is state, so a document sent as many
 * events gets contiguous positions, and exactly-once processing keeps it right across crashes.
 */
public final class IngestTopology {
  static final String SOURCE = "text-raw";
  static final String ENCODER = "encode";
  static final String IDS_SINK = "text-ids";
  static final String REJECTED_SINK = "text-rejected";
  static final String POSITIONS = "document-positions";
  static final String SERVICE = ServiceNames.INGEST;

  private IngestTopology() {}

  public static Topology build(Topics topics, TextDecoder decoder, Vocabulary vocabulary) {
    Topology topology = new Topology();
    topology.addSource(SOURCE, topics.textRaw.keySerde().deserializer(), topics.textRaw.valueSerde().deserializer(),
        topics.textRaw.name());
    topology.addProcessor(ENCODER, () -> new EncodeProcessor(decoder, vocabulary), SOURCE);
    // In memory with a changelog: positions are a few bytes per document and restore quickly.
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(POSITIONS),
        Serdes.String(), Serdes.Long()), ENCODER);
    topology.addSink(IDS_SINK, topics.textIds.name(), topics.textIds.keySerde().serializer(),
        topics.textIds.valueSerde().serializer(), ENCODER);
    topology.addSink(REJECTED_SINK, topics.textRejected.name(), topics.textRejected.keySerde().serializer(),
        topics.textRejected.valueSerde().serializer(), ENCODER);
    return topology;
  }

  private static final class EncodeProcessor implements Processor<String, byte[], String, Object> {
    private final TextDecoder decoder;
    private final Vocabulary vocabulary;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Long> positions;

    EncodeProcessor(TextDecoder decoder, Vocabulary vocabulary) {
      this.decoder = decoder;
      this.vocabulary = vocabulary;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
      this.context = context;
      this.positions = context.getStateStore(POSITIONS);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      TextDecoder.Result result = decoder.decode(record.key(), record.value());
      if (result instanceof TextDecoder.Accepted accepted) {
        emitIds(record, accepted);
      } else {
        emitRejection(record, (TextDecoder.Rejected) result);
      }
    }

    private void emitIds(Record<String, byte[]> record, TextDecoder.Accepted accepted) {
      int[] ids = vocabulary.encode(accepted.text());
      Long stored = positions.get(accepted.docId());
      long position = stored == null ? 0L : stored;
      positions.put(accepted.docId(), position + ids.length);
      List<Integer> idList = Arrays.stream(ids).boxed().collect(Collectors.toList());
      EncodedText encoded = new EncodedText(accepted.docId(), position, idList);
      context.forward(record.withKey(accepted.docId()).withValue((Object) encoded), IDS_SINK);
    }

    private void emitRejection(Record<String, byte[]> record, TextDecoder.Rejected rejected) {
      RecordMetadata source = context.recordMetadata().orElseThrow();
      Rejection rejection = Rejections.of(rejected.docId(), rejected.reason(), record.value(), source.topic(),
          source.partition(), source.offset(), SERVICE);
      context.forward(record.withKey(rejected.docId()).withValue((Object) rejection), REJECTED_SINK);
    }
  }
}
