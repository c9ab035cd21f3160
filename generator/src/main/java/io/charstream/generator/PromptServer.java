package io.charstream.generator;

import io.charstream.events.Generation;
import io.charstream.events.ModelSnapshot;
import io.charstream.events.PromptRequest;
import io.charstream.events.Rejection;
import io.charstream.schemas.Events;
import io.charstream.schemas.Topics;
import io.charstream.service.ConsumerLag;
import io.charstream.service.KafkaConnection;
import io.charstream.service.Rejections;
import io.charstream.service.ServiceMetrics;
import io.charstream.service.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads prompt requests and writes exactly one answer per request id: the answers and the
 * consumed offsets are committed in one Kafka transaction, so a crash re-answers nothing that was
 * committed and loses nothing that was not; request ids already answered (found on the
 * generations topic at start, or answered since) are not answered again.
 */
final class PromptServer {
  private static final Logger log = LoggerFactory.getLogger(PromptServer.class);
  private static final int CACHED_MODELS = 3;
  private static final long NEWER_VERSION_WAIT_MS = 5_000;

  private final GeneratorSettings settings;
  private final Topics topics;
  private final ModelWatcher models;
  private final BooleanSupplier stopping;
  private final Set<String> answered = new HashSet<>();
  private final Map<Long, ServedModel> loaded = new LinkedHashMap<>(4, 0.75f, true);
  private final ContinuationGenerator generator;
  private final ServiceMetrics figures;

  PromptServer(GeneratorSettings settings, ModelWatcher models, BooleanSupplier stopping, ServiceMetrics figures) {
    this.figures = figures;
    this.settings = settings;
    this.topics = settings.common().topics();
    this.models = models;
    this.stopping = stopping;
    this.generator = new ContinuationGenerator(settings.threads());
  }

  void run(String instanceId) {
    KafkaConnection kafka = settings.common().kafka();
    readAnsweredRequestIds(kafka);
    Map<String, Object> consumerConfig = kafka.consumerConfig("generator-" + instanceId);
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, topics.settings().prefix() + "charstream-generator");
    consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch());
    Map<String, Object> producerConfig = kafka.producerConfig("generator-" + instanceId);
    producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
        topics.settings().prefix() + "charstream-generator-" + instanceId);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
        new ByteArrayDeserializer());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig,
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer());
        ContinuationGenerator ignored = generator) {
      producer.initTransactions();
      consumer.subscribe(List.of(topics.prompts.name()));
      while (!stopping.getAsBoolean()) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
        figures.set("consumer_lag_records", ConsumerLag.of(consumer.metrics()));
        if (records.isEmpty()) {
          continue;
        }
        List<ProducerRecord<String, byte[]>> out = answer(records);
        producer.beginTransaction();
        out.forEach(producer::send);
        producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());
        producer.commitTransaction();
        for (ProducerRecord<String, byte[]> record : out) {
          if (record.topic().equals(topics.generations.name())) {
            answered.add(record.key());
          }
        }
        count(out);
      }
    }
  }

  private void count(List<ProducerRecord<String, byte[]>> committed) {
    for (ProducerRecord<String, byte[]> record : committed) {
      if (!record.topic().equals(topics.generations.name())) {
        figures.increment("requests_rejected_total", 1);
        continue;
      }
      Generation generation = Events.GENERATION.decode(record.value());
      figures.increment("requests_total", 1);
      if (generation.getError() != null) {
        figures.increment("request_errors_total", 1);
      } else {
        figures.increment("characters_generated_total", generation.getText().length());
      }
    }
  }

  private void readAnsweredRequestIds(KafkaConnection kafka) {
    try (TopicReader<String, byte[]> reader = new TopicReader<>(kafka, topics.generations.name(),
        new StringDeserializer(), new ByteArrayDeserializer(), true)) {
      reader.readToCurrentEnd(Long.MAX_VALUE, record -> answered.add(record.key()));
    }
    log.info("{} requests answered before this start", answered.size());
  }

  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
      offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
    }
    return offsets;
  }

  /** A request ready to run, with the model version that serves it. */
  private record Pending(PromptRequest request, ModelSnapshot snapshot, long receivedMs) {}

  private List<ProducerRecord<String, byte[]>> answer(ConsumerRecords<String, byte[]> records) {
    List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
    Set<String> inThisBatch = new HashSet<>();
    Map<Long, List<Pending>> byVersion = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      PromptRequest request;
      try {
        request = Events.PROMPT_REQUEST.decode(record.value());
      } catch (SerializationException | NullPointerException e) {
        String reason = record.value() == null ? "the record has no value" : e.getMessage();
        if (record.key() != null && !record.key().isBlank() && inThisBatch.add(record.key())
            && !answered.contains(record.key())) {
          out.add(error(record.key(), "the request cannot be read: " + reason));
        } else {
          out.add(rejection(record, reason));
        }
        continue;
      }
      String requestId = request.getRequestId();
      if (requestId != null && (answered.contains(requestId) || !inThisBatch.add(requestId))) {
        log.info("request {} was answered already; not answering it twice", requestId);
        continue;
      }
      Optional<String> problem = RequestCheck.problem(request, settings);
      if (problem.isPresent()) {
        out.add(error(requestId == null ? record.key() : requestId, problem.get()));
        continue;
      }
      Optional<ModelSnapshot> snapshot = modelFor(request, record.timestamp());
      if (snapshot.isEmpty()) {
        out.add(error(requestId, request.getModelVersion() != null
            ? "model version " + request.getModelVersion() + " of " + settings.modelName() + " is not available"
            : "no model of " + settings.modelName() + " exists yet: wait for the trainer's first epoch"));
        continue;
      }
      byVersion.computeIfAbsent(snapshot.get().getVersion(), v -> new ArrayList<>())
          .add(new Pending(request, snapshot.get(), record.timestamp()));
    }
    byVersion.values().forEach(pending -> out.addAll(generate(pending)));
    return out;
  }

  /**
   * The version a request asks for, or the served one. Waits for a first model if there is none
   * yet (up to generator.model.wait.ms), and briefly for a named version newer than any seen: a
   * client that read an epoch's metrics may ask for its snapshot a moment before this generator
   * has read it.
   */
  private Optional<ModelSnapshot> modelFor(PromptRequest request, long receivedMs) {
    Long version = request.getModelVersion();
    long deadline = receivedMs + (version == null ? settings.modelWaitMs()
        : Math.min(settings.modelWaitMs(), NEWER_VERSION_WAIT_MS));
    while (true) {
      Optional<ModelSnapshot> served = version != null ? models.version(version)
          : settings.serveBest() ? models.best().or(models::newest) : models.newest();
      boolean mayComeYet = version == null || version > models.newest().map(ModelSnapshot::getVersion).orElse(0L);
      if (!mayComeYet) {
        return served;
      }
      if (served.isPresent() || System.currentTimeMillis() >= deadline || stopping.getAsBoolean()) {
        return served;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  private List<ProducerRecord<String, byte[]>> generate(List<Pending> pending) {
    ServedModel model = load(pending.get(0).snapshot());
    List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
    for (int from = 0; from < pending.size(); from += settings.maxBatch()) {
      List<Pending> chunk = pending.subList(from, Math.min(pending.size(), from + settings.maxBatch()));
      List<ContinuationGenerator.Job> jobs = new ArrayList<>();
      for (Pending p : chunk) {
        PromptRequest r = p.request();
        long seed = r.getSeed() != null ? r.getSeed() : new Random().nextLong();
        jobs.add(new ContinuationGenerator.Job(model.vocabulary.encode(r.getPrompt()), r.getMaxChars(),
            r.getTemperature(), r.getTopK() == null ? 0 : r.getTopK(), new Random(seed)));
      }
      long started = System.currentTimeMillis();
      List<int[]> texts = generator.generate(model, jobs);
      long generationMs = Math.max(1, System.currentTimeMillis() - started);
      for (int j = 0; j < chunk.size(); j++) {
        Pending p = chunk.get(j);
        String text = model.vocabulary.decode(java.util.Arrays.stream(texts.get(j)).boxed().toList());
        Generation generation = Generation.newBuilder()
            .setRequestId(p.request().getRequestId())
            .setText(text)
            .setModelName(model.name)
            .setModelVersion(model.version)
            .setQueueWaitMs(Math.max(0, started - p.receivedMs()))
            .setGenerationMs(generationMs)
            .setCharactersPerSecond(texts.get(j).length * 1000.0 / generationMs)
            .build();
        out.add(new ProducerRecord<>(topics.generations.name(), generation.getRequestId(),
            Events.GENERATION.encode(generation)));
      }
    }
    return out;
  }

  private ServedModel load(ModelSnapshot snapshot) {
    ServedModel model = loaded.get(snapshot.getVersion());
    if (model == null) {
      model = ServedModel.load(snapshot);
      loaded.put(snapshot.getVersion(), model);
      if (loaded.size() > CACHED_MODELS) {
        loaded.remove(loaded.keySet().iterator().next());
      }
      log.info("serving model {} version {}", model.name, model.version);
    }
    return model;
  }

  private ProducerRecord<String, byte[]> error(String requestId, String reason) {
    Generation generation = Generation.newBuilder().setRequestId(requestId).setError(reason).build();
    return new ProducerRecord<>(topics.generations.name(), requestId, Events.GENERATION.encode(generation));
  }

  private ProducerRecord<String, byte[]> rejection(ConsumerRecord<String, byte[]> record, String reason) {
    Rejection rejection = Rejections.of(record.key(), "unreadable prompt request without a request id: " + reason,
        record.value(), record.topic(), record.partition(), record.offset(), "generator");
    return new ProducerRecord<>(topics.textRejected.name(), record.key(), Events.REJECTION.encode(rejection));
  }
}
