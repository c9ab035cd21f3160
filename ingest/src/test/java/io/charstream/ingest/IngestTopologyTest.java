package io.charstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.events.EncodedText;
import io.charstream.events.Rejection;
import io.charstream.schemas.TopicSettings;
import io.charstream.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IngestTopologyTest {
  private final Topics topics = new Topics(TopicSettings.defaults());
  private TableVocabulary vocabulary;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> raw;
  private TestOutputTopic<String, EncodedText> ids;
  private TestOutputTopic<String, Rejection> rejected;

  @BeforeEach
  void start() {
    vocabulary = new TableVocabulary(256);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(IngestTopology.build(topics, new TextDecoder("default", 1000), vocabulary), props);
    raw = driver.createInputTopic(topics.textRaw.name(), topics.textRaw.keySerde().serializer(),
        topics.textRaw.valueSerde().serializer());
    ids = driver.createOutputTopic(topics.textIds.name(), topics.textIds.keySerde().deserializer(),
        topics.textIds.valueSerde().deserializer());
    rejected = driver.createOutputTopic(topics.textRejected.name(), topics.textRejected.keySerde().deserializer(),
        topics.textRejected.valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aDocumentSentAsManyEventsGetsTheSameIdsAsOneEvent() {
    String text = "It is a truth universally acknowledged, that a single man in possession of a good fortune";
    raw.pipeInput("whole", utf8(text));
    for (int start = 0; start < text.length(); start += 7) {
      raw.pipeInput("pieces", utf8(text.substring(start, Math.min(text.length(), start + 7))));
    }

    List<Integer> whole = new ArrayList<>();
    List<Integer> pieces = new ArrayList<>();
    long expectedPosition = 0;
    for (EncodedText encoded : ids.readValuesToList()) {
      if (encoded.getDocId().equals("whole")) {
        whole.addAll(encoded.getIds());
      } else {
        assertThat(encoded.getPosition()).isEqualTo(expectedPosition);
        expectedPosition += encoded.getIds().size();
        pieces.addAll(encoded.getIds());
      }
    }
    assertThat(whole).hasSize(text.length());
    assertThat(pieces).isEqualTo(whole);
    assertThat(vocabulary.table.decode(whole)).isEqualTo(text);
  }

  @Test
  void unkeyedLinesFormTheDefaultDocumentWithTheirNewlines() {
    raw.pipeInput((String) null, utf8("ab"));
    raw.pipeInput((String) null, utf8("c"));

    List<EncodedText> out = ids.readValuesToList();
    assertThat(out).extracting(EncodedText::getDocId).containsOnly("default");
    assertThat(out).extracting(EncodedText::getPosition).containsExactly(0L, 3L);
    List<Integer> all = new ArrayList<>();
    out.forEach(e -> all.addAll(e.getIds()));
    assertThat(vocabulary.table.decode(all)).isEqualTo("ab\nc\n");
  }

  @Test
  void sendsBadInputToTheRejectedTopicWithItsReasonAndOriginalBytes() {
    raw.pipeInput("ok", utf8("fine"));
    byte[] invalid = {(byte) 0xFE, 'x'};
    raw.pipeInput("bad", invalid);

    assertThat(ids.readValuesToList()).hasSize(1);
    Rejection rejection = rejected.readValue();
    assertThat(rejection.getDocId()).isEqualTo("bad");
    assertThat(rejection.getReason()).contains("not valid UTF-8");
    assertThat(rejection.getOriginal().array()).isEqualTo(invalid);
    assertThat(rejection.getSourceOffset()).isEqualTo(1L);
    assertThat(rejection.getRejectedBy()).isEqualTo("ingest");
  }
}
