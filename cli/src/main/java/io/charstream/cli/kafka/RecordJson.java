package io.charstream.cli.kafka;

import io.charstream.events.TextEvent;
import io.charstream.schemas.AvroSerde;
import io.charstream.schemas.EventJson;
import io.charstream.schemas.Events;
import io.charstream.schemas.SingleObjectEncoding;
import io.charstream.schemas.Topic;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/** One record of any catalogue topic as one line of JSON. */
public final class RecordJson {
  private RecordJson() {}

  public static String render(Topic<?, ?> topic, String key, byte[] value) {
    if (value == null) {
      return EventJson.renderTombstone(key);
    }
    try {
      if (topic.valueSerde() instanceof AvroSerde<?> avro) {
        return EventJson.render((SpecificRecord) avro.decode(value));
      }
      // text.raw: an Avro TextEvent or plain UTF-8 text.
      if (SingleObjectEncoding.hasHeader(value)) {
        TextEvent event = Events.TEXT_EVENT.decode(value);
        return EventJson.render(event);
      }
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value)).toString();
      return EventJson.renderText(key, text);
    } catch (SerializationException e) {
      return EventJson.renderUndecodable(value, e.getMessage());
    } catch (CharacterCodingException e) {
      return EventJson.renderUndecodable(value, "neither UTF-8 text nor an Avro TextEvent");
    }
  }
}
