package io.charstream.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.charstream.schemas.EventJson;
import org.apache.avro.generic.IndexedRecord;

/** The dashboard's JSON: events as {@code read} shows them, and the objects the page is sent. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** An event as an object, its fields named as in its Avro schema. */
  static ObjectNode of(IndexedRecord event) {
    try {
      return (ObjectNode) MAPPER.readTree(EventJson.render(event));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("EventJson wrote what Jackson cannot read", e);
    }
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
