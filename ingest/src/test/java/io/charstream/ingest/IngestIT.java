package io.charstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.events.EncodedText;
import io.charstream.events.Rejection;
import io.charstream.events.TextEvent;
import io.charstream.events.VocabEntry;
import io.charstream.schemas.Events;
import io.charstream.schemas.Topic;
import io.charstream.service.TopicReader;
import io.charstream.service.vocab.VocabularyReader;
import io.charstream.service.vocab.VocabularyTable;
import io.charstream.testing.Eventually;
import io.charstream.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Ingest against a real broker. */
class IngestIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static IngestService start(IngestSettings settings, String instance) {
    IngestService service = new IngestService(settings, instance);
    service.start();
    return service;
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(TestKafka.connection().producerConfig("test-producer"), new StringSerializer(),
        new ByteArraySerializer());
  }

  private static <V> List<ConsumerRecord<String, V>> readAtLeast(Topic<String, V> topic, int count) {
    try (TopicReader<String, V> reader = new TopicReader<>(TestKafka.connection(), topic.name(),
        topic.keySerde().deserializer(), topic.valueSerde().deserializer(), true)) {
      return reader.readUntil(records -> records.size() >= count, WAIT);
    }
  }

  /** The ids of each document, concatenated in position order. */
  private static Map<String, List<Integer>> idsByDocument(List<ConsumerRecord<String, EncodedText>> records) {
    Map<String, List<Integer>> docs = new HashMap<>();
    for (ConsumerRecord<String, EncodedText> record : records) {
      List<Integer> ids = docs.computeIfAbsent(record.key(), k -> new ArrayList<>());
      assertThat(record.value().getPosition()).isEqualTo(ids.size());
      ids.addAll(record.value().getIds());
    }
    return docs;
  }

  private static VocabularyTable vocabulary(IngestSettings settings) {
    VocabularyTable table = new VocabularyTable(settings.common().vocabCapacity());
    try (VocabularyReader reader = new VocabularyReader(TestKafka.connection(), settings.common().topics().vocab,
        table, "test-vocab")) {
      reader.catchUp();
    }
    return table;
  }

  @Test
  void encodesPlainLinesFromKafkasOwnProducerWithNoHeaders() throws Exception {
    IngestSettings settings = IngestSettings.from(TestKafka.config(TestKafka.uniquePrefix("plain"), Map.of()));
    List<String> lines = List.of("First Servant:", "Here, sir.", "", "Zwölf Boxkämpfer jagen Viktor.");
    try (IngestService ingest = start(settings, "a"); KafkaProducer<String, byte[]> producer = producer()) {
      for (String line : lines) {
        producer.send(new ProducerRecord<>(settings.common().topics().textRaw.name(),
            line.getBytes(StandardCharsets.UTF_8))).get();
      }
      String expected = String.join("\n", lines) + "\n";
      var records = readAtLeast(settings.common().topics().textIds, lines.size());

      Map<String, List<Integer>> docs = idsByDocument(records);
      assertThat(docs).containsOnlyKeys("default");
      assertThat(vocabulary(settings).decode(docs.get("default"))).isEqualTo(expected);
    }
  }

  @Test
  void twoInstancesRunningAtOnceAgreeOnEveryId() throws Exception {
    String prefix = TestKafka.uniquePrefix("two-instances");
    IngestSettings settings = IngestSettings.from(TestKafka.config(prefix, Map.of("topic.text.raw.partitions", "2")));
    // Many new characters in every document, on both partitions at once: both instances race to add them.
    String alphabet = "abcdefghijklmnopqrstuvwxyzαβγδεζηθικλμνξοπρστυφχψωабвгдежзийклмнопрстуфхцчшщ0123456789";
    Random random = new Random(7);
    Map<String, String> documents = new LinkedHashMap<>();
    for (int d = 0; d < 24; d++) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        text.appendCodePoint(alphabet.codePointAt(random.nextInt(alphabet.length())));
      }
      documents.put("doc-" + d, text.toString());
    }
    try (IngestService first = start(settings, "first"); IngestService second = start(settings, "second");
        KafkaProducer<String, byte[]> producer = producer()) {
      awaitOnePartitionEach(first, second);
      for (var doc : documents.entrySet()) {
        producer.send(new ProducerRecord<>(settings.common().topics().textRaw.name(), doc.getKey(),
            doc.getValue().getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
      var records = readAtLeast(settings.common().topics().textIds, documents.size());

      List<ConsumerRecord<String, VocabEntry>> entries = readAtLeast(settings.common().topics().vocab, 1);
      Map<String, Integer> idOfChar = new HashMap<>();
      for (var entry : entries) {
        Integer previous = idOfChar.putIfAbsent(entry.key(), entry.value().getId());
        assertThat(previous == null || previous == entry.value().getId())
            .as("every record of '%s' carries one id", entry.key()).isTrue();
      }
      assertThat(new HashSet<>(idOfChar.values())).hasSize(idOfChar.size());
      assertThat(idOfChar).hasSize((int) alphabet.codePoints().distinct().count());

      VocabularyTable table = vocabulary(settings);
      Map<String, List<Integer>> docs = idsByDocument(records);
      documents.forEach((docId, text) -> assertThat(table.decode(docs.get(docId))).isEqualTo(text));
    }
  }

  private static void awaitOnePartitionEach(IngestService first, IngestService second) throws Exception {
    Eventually.await("one partition of text.raw for each instance (first, second)", WAIT,
        () -> List.of(first.activeTaskCount(), second.activeTaskCount()), tasks -> tasks.equals(List.of(1, 1)));
  }

  @Test
  void vocabularyWritersRacingFromTwoThreadsAgreeOnEveryId() throws Exception {
    IngestSettings settings = IngestSettings.from(TestKafka.config(TestKafka.uniquePrefix("race"), Map.of()));
    var topics = settings.common().topics();
    try (var admin = TestKafka.connection().admin("test-admin")) {
      io.charstream.schemas.TopicCreator.ensure(admin, List.of(topics.vocab), 10_000);
    }
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789αβγδεζηθικλμνξοπρστυφχψω";
    try (KafkaVocabulary one = new KafkaVocabulary(TestKafka.connection(), topics.vocab, 256, topics.settings().prefix(), "one");
        KafkaVocabulary two = new KafkaVocabulary(TestKafka.connection(), topics.vocab, 256, topics.settings().prefix(), "two")) {
      Map<String, int[]> fromOne = new java.util.concurrent.ConcurrentHashMap<>();
      Map<String, int[]> fromTwo = new java.util.concurrent.ConcurrentHashMap<>();
      Thread a = new Thread(() -> encodeEachCharacter(one, alphabet, fromOne, 1));
      Thread b = new Thread(() -> encodeEachCharacter(two, alphabet, fromTwo, 2));
      a.start();
      b.start();
      a.join();
      b.join();

      assertThat(fromOne).hasSize(alphabet.length());
      fromOne.forEach((character, id) -> assertThat(fromTwo.get(character)).as("id of '%s'", character).isEqualTo(id));
      assertThat(fromOne.values().stream().map(ids -> ids[0]).distinct().count()).isEqualTo(alphabet.length());
    }
  }

  /** Encodes the alphabet one character at a time, in an order of its own, so both writers add ids at once. */
  private static void encodeEachCharacter(KafkaVocabulary vocabulary, String alphabet, Map<String, int[]> ids,
      long seed) {
    List<String> characters = new ArrayList<>(alphabet.codePoints().mapToObj(VocabularyTable::key).toList());
    java.util.Collections.shuffle(characters, new Random(seed));
    for (String character : characters) {
      ids.put(character, vocabulary.encode(character));
    }
  }

  @Test
  void sendsEveryKindOfBadInputToTheRejectedTopicWithItsReason() throws Exception {
    IngestSettings settings = IngestSettings.from(TestKafka.config(TestKafka.uniquePrefix("rejects"),
        Map.of("max.text.bytes", "1000")));
    Map<String, byte[]> bad = new LinkedHashMap<>();
    bad.put("invalid-utf8", new byte[] {'o', 'k', (byte) 0xC0, (byte) 0xAF});
    bad.put("empty", new byte[0]);
    bad.put("too-large", "x".repeat(1001).getBytes(StandardCharsets.UTF_8));
    bad.put("malformed-avro", new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 42});
    bad.put("tombstone", null);
    byte[] emptyAvro = Events.TEXT_EVENT.encode(new TextEvent("empty-avro", "", null));
    bad.put("empty-avro", emptyAvro);

    try (IngestService ingest = start(settings, "a"); KafkaProducer<String, byte[]> producer = producer()) {
      for (var entry : bad.entrySet()) {
        producer.send(new ProducerRecord<>(settings.common().topics().textRaw.name(), entry.getKey(), entry.getValue()));
      }
      producer.send(new ProducerRecord<>(settings.common().topics().textRaw.name(), "good",
          "fine".getBytes(StandardCharsets.UTF_8))).get();

      List<ConsumerRecord<String, Rejection>> rejections = readAtLeast(settings.common().topics().textRejected,
          bad.size());
      Map<String, String> reasons = new HashMap<>();
      for (var record : rejections) {
        Rejection rejection = record.value();
        reasons.put(record.key(), rejection.getReason());
        byte[] original = bad.get(record.key());
        byte[] kept = new byte[rejection.getOriginal().remaining()];
        rejection.getOriginal().duplicate().get(kept);
        assertThat(kept).isEqualTo(original == null ? new byte[0] : original);
        assertThat(rejection.getSourceTopic()).isEqualTo(settings.common().topics().textRaw.name());
      }
      assertThat(reasons).containsOnlyKeys(bad.keySet());
      assertThat(reasons.get("invalid-utf8")).contains("not valid UTF-8");
      assertThat(reasons.get("empty")).contains("empty");
      assertThat(reasons.get("too-large")).contains("1001 bytes", "cap of 1000");
      assertThat(reasons.get("malformed-avro")).contains("TextEvent");
      assertThat(reasons.get("tombstone")).contains("no value");
      assertThat(reasons.get("empty-avro")).contains("empty");

      var ids = readAtLeast(settings.common().topics().textIds, 1);
      assertThat(ids).extracting(ConsumerRecord::key).containsExactly("good");
    }
  }

  @Test
  void continuesADocumentAndItsVocabularyAfterARestart() throws Exception {
    IngestSettings settings = IngestSettings.from(TestKafka.config(TestKafka.uniquePrefix("restart"), Map.of()));
    String topic = settings.common().topics().textRaw.name();
    try (KafkaProducer<String, byte[]> producer = producer()) {
      try (IngestService ingest = start(settings, "a")) {
        producer.send(new ProducerRecord<>(topic, "doc", "abc".getBytes(StandardCharsets.UTF_8))).get();
        readAtLeast(settings.common().topics().textIds, 1);
      }
      try (IngestService ingest = start(settings, "a")) {
        producer.send(new ProducerRecord<>(topic, "doc", "cbad".getBytes(StandardCharsets.UTF_8))).get();
        var records = readAtLeast(settings.common().topics().textIds, 2);

        assertThat(records).hasSize(2);
        assertThat(records.get(1).value().getPosition()).isEqualTo(3L);
        assertThat(vocabulary(settings).decode(idsByDocument(records).get("doc"))).isEqualTo("abccbad");
        Set<Integer> distinct = new HashSet<>(idsByDocument(records).get("doc"));
        assertThat(distinct).hasSize(4);
      }
    }
  }
}
