package io.charstream.windowing;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.events.EncodedText;
import io.charstream.events.Rejection;
import io.charstream.events.Sequence;
import io.charstream.schemas.Events;
import io.charstream.schemas.TopicSettings;
import io.charstream.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WindowingTopologyTest {
  private final Topics topics = new Topics(TopicSettings.defaults());
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> ids;
  private TestOutputTopic<String, Sequence> train;
  private TestOutputTopic<String, Sequence> validation;
  private TestOutputTopic<String, Rejection> rejected;

  private void start(int length, int stride, SplitPolicy split) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "windowing-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(WindowingTopology.build(topics, new WindowCutter(length, stride), split), props);
    ids = driver.createInputTopic(topics.textIds.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    train = driver.createOutputTopic(topics.sequencesTrain.name(), Serdes.String().deserializer(),
        topics.sequencesTrain.valueSerde().deserializer());
    validation = driver.createOutputTopic(topics.sequencesValidation.name(), Serdes.String().deserializer(),
        topics.sequencesValidation.valueSerde().deserializer());
    rejected = driver.createOutputTopic(topics.textRejected.name(), Serdes.String().deserializer(),
        topics.textRejected.valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void send(String docId, long position, List<Integer> piece) {
    ids.pipeInput(docId, Events.ENCODED_TEXT.encode(new EncodedText(docId, position, piece)));
  }

  private static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().collect(Collectors.toList());
  }

  @Test
  void splitsTheSeedInto80TrainingAnd19ValidationSequencesAcrossEventBoundaries() {
    start(100, 1, new SplitPolicy(100, 0.2, 0));
    List<Integer> seed = range(0, 198).stream().map(i -> i % 21 + 1).collect(Collectors.toList());
    for (int from = 0; from < seed.size(); from += 37) {
      send("seed", from, seed.subList(from, Math.min(seed.size(), from + 37)));
    }

    List<Sequence> trainSequences = train.readValuesToList();
    List<Sequence> validationSequences = validation.readValuesToList();
    assertThat(trainSequences).hasSize(80);
    assertThat(validationSequences).hasSize(19);
    List<Sequence> all = new ArrayList<>(trainSequences);
    all.addAll(validationSequences);
    for (int k = 0; k < all.size(); k++) {
      assertThat(all.get(k).getStartPosition()).isEqualTo(k);
      assertThat(all.get(k).getIds()).isEqualTo(seed.subList(k, k + 100));
    }
  }

  @Test
  void keepsDocumentsApart() {
    start(4, 2, new SplitPolicy(1, 0, 0));
    send("a", 0, range(0, 3));
    send("b", 0, range(100, 105));
    send("a", 3, range(3, 6));

    assertThat(train.readKeyValuesToList()).extracting(kv -> kv.key + "@" + kv.value.getStartPosition())
        .containsExactly("b@0", "a@0", "a@2");
  }

  @Test
  void aReplayedEventIsNotCutTwice() {
    start(3, 1, new SplitPolicy(1, 0, 0));
    send("d", 0, range(0, 5));
    send("d", 0, range(0, 5));
    send("d", 3, range(3, 7));

    assertThat(train.readValuesToList()).extracting(Sequence::getStartPosition).containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void sendsAnUndecodableEventToTheRejectedTopic() {
    start(3, 1, new SplitPolicy(1, 0, 0));
    ids.pipeInput("d", new byte[] {1, 2, 3});

    Rejection rejection = rejected.readValue();
    assertThat(rejection.getRejectedBy()).isEqualTo("windowing");
    assertThat(rejection.getReason()).contains("C3 01");
    assertThat(train.isEmpty()).isTrue();
  }
}
