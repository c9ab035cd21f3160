package io.charstream.generator;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One record the generator writes for a request, with what it counts as on {@code /metrics}, so
 * that what was committed is counted without decoding what was just encoded.
 *
 * @param characters characters of the continuation (0 for an error or a rejection)
 */
record Answer(ProducerRecord<String, byte[]> record, Kind kind, int characters) {
  enum Kind {
    /** A continuation on the generations topic. */
    TEXT,
    /** An error answer on the generations topic. */
    ERROR,
    /** An unanswerable record (no request id) on the prompts.rejected topic. */
    REJECTED
  }

  String requestId() {
    return record.key();
  }
}
