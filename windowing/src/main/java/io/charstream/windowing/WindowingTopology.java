package io.charstream.windowing;

import io.charstream.events.EncodedText;
import io.charstream.events.Rejection;
import io.charstream.events.Sequence;
import io.charstream.schemas.Events;
import io.charstream.schemas.Topics;
import io.charstream.service.Rejections;
import io.charstream.service.ServiceNames;
import java.util.AbstractList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Windowing's topology: {@code text.ids} → per-document window state → {@code sequences.train}
 * or {@code sequences.validation}. Undecodable input goes to {@code text.rejected}.
 */
public final class WindowingTopology {
  static final String SERVICE = ServiceNames.WINDOWING;
  static final String SOURCE = "text-ids";
  static final String CUTTER = "cut-windows";
  static final String STATE = "window-state";
  static final String TRAIN_SINK = "sequences-train";
  static final String VALIDATION_SINK = "sequences-validation";
  static final String REJECTED_SINK = "text-rejected";

  private WindowingTopology() {}

  public static Topology build(Topics topics, WindowCutter cutter, SplitPolicy split) {
    Topology topology = new Topology();
    topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topics.textIds.name());
    topology.addProcessor(CUTTER, () -> new CutProcessor(cutter, split), SOURCE);
    // In memory with a changelog: a document's state is at most about one window of ids.
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STATE), Serdes.String(),
        Serdes.ByteArray()), CUTTER);
    topology.addSink(TRAIN_SINK, topics.sequencesTrain.name(), topics.sequencesTrain.keySerde().serializer(),
        topics.sequencesTrain.valueSerde().serializer(), CUTTER);
    topology.addSink(VALIDATION_SINK, topics.sequencesValidation.name(),
        topics.sequencesValidation.keySerde().serializer(), topics.sequencesValidation.valueSerde().serializer(), CUTTER);
    topology.addSink(REJECTED_SINK, topics.textRejected.name(), topics.textRejected.keySerde().serializer(),
        topics.textRejected.valueSerde().serializer(), CUTTER);
    return topology;
  }

  private static final class CutProcessor implements Processor<String, byte[], String, Object> {
    private static final Logger log = LoggerFactory.getLogger(CutProcessor.class);
    private final WindowCutter cutter;
    private final SplitPolicy split;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> states;

    CutProcessor(WindowCutter cutter, SplitPolicy split) {
      this.cutter = cutter;
      this.split = split;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
      this.context = context;
      this.states = context.getStateStore(STATE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      if (record.value() == null) {
        reject(record, "the record has no value");
        return;
      }
      EncodedText text;
      try {
        text = Events.ENCODED_TEXT.decode(record.value());
      } catch (SerializationException e) {
        reject(record, e.getMessage());
        return;
      }
      String docId = text.getDocId();
      byte[] stored = states.get(docId);
      WindowState state = stored == null ? WindowState.EMPTY : WindowState.fromBytes(stored);
      int[] ids = idsAfter(state, text);
      if (ids.length == 0) {
        return;
      }
      if (text.getPosition() > state.nextPosition()) {
        log.warn("document {}: ids {} to {} never arrived; windows resume after the gap", docId,
            state.nextPosition(), text.getPosition() - 1);
        state = cutter.restartAt(text.getPosition());
      }
      WindowState next = cutter.append(state, ids, (window, start, span, from) -> {
        SplitPolicy.Split where = split.assign(window);
        if (where != SplitPolicy.Split.DROPPED) {
          Sequence sequence = new Sequence(docId, start, new IdSlice(span, from, cutter.length()));
          context.forward(record.withKey(docId).withValue((Object) sequence),
              where == SplitPolicy.Split.TRAIN ? TRAIN_SINK : VALIDATION_SINK);
        }
      });
      states.put(docId, next.toBytes());
    }

    /** The ids of the event not seen before: a replayed or overlapping event is not cut twice. */
    private static int[] idsAfter(WindowState state, EncodedText text) {
      long skip = Math.max(0, state.nextPosition() - text.getPosition());
      List<Integer> ids = text.getIds();
      if (skip >= ids.size()) {
        return new int[0];
      }
      int[] fresh = new int[ids.size() - (int) skip];
      for (int i = 0; i < fresh.length; i++) {
        fresh[i] = ids.get((int) skip + i);
      }
      return fresh;
    }

    private void reject(Record<String, byte[]> record, String reason) {
      RecordMetadata source = context.recordMetadata().orElseThrow();
      Rejection rejection = Rejections.of(record.key(), reason, record.value(), source.topic(), source.partition(),
          source.offset(), SERVICE);
      context.forward(record.withValue((Object) rejection), REJECTED_SINK);
    }
  }

  /** A window as a list view over the cutter's array: serialised at once, never copied. */
  private static final class IdSlice extends AbstractList<Integer> {
    private final int[] ids;
    private final int from;
    private final int size;

    IdSlice(int[] ids, int from, int size) {
      this.ids = ids;
      this.from = from;
      this.size = size;
    }

    @Override
    public Integer get(int index) {
      return ids[from + index];
    }

    @Override
    public int size() {
      return size;
    }
  }
}
