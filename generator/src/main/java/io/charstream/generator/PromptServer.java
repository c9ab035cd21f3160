package io.charstream.generator;

import io.charstream.events.ModelSnapshot;
import io.charstream.events.PromptRequest;
import io.charstream.schemas.Events;
import io.charstream.schemas.ModelKey;
import io.charstream.schemas.Topics;
import io.charstream.service.ConsumerLag;
import io.charstream.service.Instance;
import io.charstream.service.KafkaConnection;
import io.charstream.service.ServiceMetrics;
import io.charstream.service.ServiceNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generator's loop: poll prompt requests, answer each, and commit the answers with the
 * consumed offsets in one Kafka transaction. So a crash re-answers nothing that was committed and
 * loses nothing that was not; request ids already answered are not answered again.
 */
final class PromptServer {
  private static final Logger log = LoggerFactory.getLogger(PromptServer.class);
  /**
   * An instance killed mid-transaction leaves it open, and read_committed readers of its answers
   * (clients, the instance that takes its partitions over) wait until the broker aborts it: this
   * long, plus the broker's transaction.abort.timed.out.transaction.cleanup.interval.ms. A
   * transaction here only writes what was already generated, so it takes milliseconds.
   */
  private static final int TRANSACTION_TIMEOUT_MS = 5_000;

  private final GeneratorSettings settings;
  private final Topics topics;
  private final BooleanSupplier stopping;
  private final ServiceMetrics figures;
  private final ModelChoice modelChoice;
  private final Answers answers;
  private final ContinuationGenerator generator;

  PromptServer(GeneratorSettings settings, ModelWatcher models, BooleanSupplier stopping, ServiceMetrics figures) {
    this.settings = settings;
    this.topics = settings.common().topics();
    this.stopping = stopping;
    this.figures = figures;
    this.modelChoice = new ModelChoice(settings, models, stopping);
    this.answers = new Answers(topics);
    this.generator = new ContinuationGenerator(settings.threads());
  }

  void run(Instance instance) {
    KafkaConnection kafka = settings.common().kafka();
    AnsweredRequests answered = new AnsweredRequests(kafka, topics, settings.dedupWindow());
    String clientId = ServiceNames.GENERATOR + "-" + instance.id();
    String member = topics.settings().prefix() + "charstream-" + clientId;
    Map<String, Object> consumerConfig = kafka.consumerConfig(clientId);
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, ServiceNames.groupId(topics.settings(), ServiceNames.GENERATOR));
    consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch());
    instance.joinAs(consumerConfig, member);
    Map<String, Object> producerConfig = kafka.producerConfig(clientId);
    producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, member);
    producerConfig.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
        new ByteArrayDeserializer());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
            new ByteArraySerializer());
        // Chunks are for reading while the answer is written, so outside its transaction (which
        // would hide them until the end); the answer names the attempt whose chunks make its text.
        KafkaProducer<String, byte[]> chunkProducer = new KafkaProducer<>(kafka.producerConfig(clientId + "-chunks"),
            new StringSerializer(), new ByteArraySerializer());
        ContinuationGenerator ignored = generator) {
      Continuations continuations = new Continuations(generator, answers, settings.maxBatch(),
          settings.streamIntervalMs(), chunk -> chunkProducer.send(new ProducerRecord<>(
              topics.generationChunks.name(), chunk.getRequestId(), Events.GENERATION_CHUNK.encode(chunk))));
      producer.initTransactions();
      consumer.subscribe(List.of(topics.prompts.name()), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          // Partitions another instance answered until now: its answers of the window are not to be repeated.
          answered.load(partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
      });
      while (!stopping.getAsBoolean()) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
        figures.set("consumer_lag_records", ConsumerLag.of(consumer.metrics()));
        if (records.isEmpty()) {
          continue;
        }
        List<Answer> out = answer(records, answered, continuations);
        // A reader of a streamed answer has every chunk before the answer that ends it.
        chunkProducer.flush();
        producer.beginTransaction();
        out.forEach(answer -> producer.send(answer.record()));
        producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());
        producer.commitTransaction();
        out.stream().filter(a -> a.kind() != Answer.Kind.REJECTED).forEach(a -> answered.add(a.requestId()));
        count(out);
      }
      // A clean stop hands this instance's partitions to the others at once.
      consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
  }

  /** Every record gets one answer, an error answer or a rejection, except a request id answered before. */
  private List<Answer> answer(ConsumerRecords<String, byte[]> records, AnsweredRequests answered,
      Continuations continuations) {
    List<Answer> out = new ArrayList<>();
    Set<String> inThisBatch = new HashSet<>();
    Map<String, List<Continuations.Pending>> byVersion = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      Optional<PromptRequest> read = read(record, out, answered, inThisBatch);
      if (read.isEmpty()) {
        continue;
      }
      PromptRequest request = read.get();
      String requestId = request.getRequestId();
      if (requestId != null && (answered.contains(requestId) || !inThisBatch.add(requestId))) {
        log.info("request {} was answered already; not answering it twice", requestId);
        continue;
      }
      Optional<String> problem = RequestCheck.problem(request, settings);
      if (problem.isPresent()) {
        out.add(answers.error(requestId == null ? record.key() : requestId, problem.get()));
        continue;
      }
      ModelChoice.Choice choice = modelChoice.choose(request, record.timestamp());
      if (choice.snapshot().isEmpty()) {
        out.add(answers.error(requestId, choice.problem()));
        continue;
      }
      ModelSnapshot snapshot = choice.snapshot().get();
      byVersion.computeIfAbsent(ModelKey.of(snapshot.getModelName(), snapshot.getVersion()), v -> new ArrayList<>())
          .add(new Continuations.Pending(request, snapshot, record.timestamp()));
    }
    byVersion.values().forEach(sameVersion -> out.addAll(continuations.answer(sameVersion)));
    return out;
  }

  /**
   * The request a record carries. An unreadable one is answered with an error when its key names a
   * request not yet answered, and otherwise rejected to prompts.rejected with the reason.
   */
  private Optional<PromptRequest> read(ConsumerRecord<String, byte[]> record, List<Answer> out,
      AnsweredRequests answered, Set<String> inThisBatch) {
    String reason;
    if (record.value() == null) {
      reason = "the record has no value";
    } else {
      try {
        return Optional.of(Events.PROMPT_REQUEST.decode(record.value()));
      } catch (SerializationException e) {
        reason = e.getMessage();
      }
    }
    String key = record.key();
    if (key != null && !key.isBlank() && !answered.contains(key) && inThisBatch.add(key)) {
      out.add(answers.error(key, "the request cannot be read: " + reason));
    } else {
      out.add(answers.rejection(record, reason));
    }
    return Optional.empty();
  }

  private void count(List<Answer> committed) {
    for (Answer answer : committed) {
      switch (answer.kind()) {
        case TEXT -> {
          figures.increment("requests_total", 1);
          figures.increment("characters_generated_total", answer.characters());
        }
        case ERROR -> {
          figures.increment("requests_total", 1);
          figures.increment("request_errors_total", 1);
        }
        case REJECTED -> figures.increment("requests_rejected_total", 1);
      }
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
      offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
    }
    return offsets;
  }
}
