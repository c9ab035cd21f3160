package io.charstream.trainer;

import io.charstream.schemas.Topics;
import io.charstream.service.Instance;
import io.charstream.service.KafkaConnection;
import io.charstream.service.LoopService;
import io.charstream.service.ServiceNames;
import io.charstream.service.ServiceStartup;
import io.charstream.service.vocab.VocabularyReader;
import io.charstream.service.vocab.VocabularyTable;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer service: one thread that trains the model on the sequence topics and publishes
 * metrics, progress and snapshots. Resumes from the model's newest snapshot. One trainer per model
 * name trains; other instances for the same model wait as standbys ({@link TrainerLease}).
 */
public final class TrainerService extends LoopService {
  private static final Logger log = LoggerFactory.getLogger(TrainerService.class);

  private final TrainerSettings settings;
  private final Instance instance;

  public TrainerService(TrainerSettings settings, Instance instance) {
    this.settings = settings;
    this.instance = instance;
  }

  /** An unnamed instance (dynamic group membership), as a test or a single deployment runs it. */
  public TrainerService(TrainerSettings settings) {
    this(settings, new Instance("local", false));
  }

  @Override
  public String name() {
    return ServiceNames.TRAINER;
  }

  @Override
  public synchronized void start() {
    KafkaConnection kafka = settings.common().kafka();
    Topics topics = settings.common().topics();
    ServiceStartup.checkBrokerAndCreateTopics(kafka, List.of(topics.sequencesTrain, topics.sequencesValidation,
        topics.vocab, topics.trainingMetrics, topics.trainingProgress, topics.models), "trainer-admin");
    warnAboutThreads();
    startLoop(this::runLoop);
  }

  /**
   * Waits to be the model's active trainer, then trains until asked to stop or until another
   * trainer takes the model over (then waits again). Everything is read afresh at each start, from
   * the newest snapshot, because a standby knows nothing of what the active one did.
   */
  private void runLoop(BooleanSupplier stopping) {
    try (TrainerLease lease = new TrainerLease(settings.common().kafka(), settings.common().topics(),
        settings.modelName(), instance)) {
      while (!stopping.getAsBoolean() && lease.await(stopping, settings.modelName())) {
        train(() -> stopping.getAsBoolean() || !lease.held());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void train(BooleanSupplier stopping) throws InterruptedException {
    KafkaConnection kafka = settings.common().kafka();
    Topics topics = settings.common().topics();
    int capacity = settings.common().vocabCapacity();
    try (SequenceFeed train = new SequenceFeed(kafka, topics.sequencesTrain, capacity, "trainer-train");
        SequenceFeed validation = new SequenceFeed(kafka, topics.sequencesValidation, capacity, "trainer-validation");
        VocabularyReader vocabulary = new VocabularyReader(kafka, topics.vocab, new VocabularyTable(capacity),
            "trainer-vocab");
        EpochPublisher publisher = new EpochPublisher(kafka, topics, settings.modelName(), figures)) {
      SnapshotHistory history = SnapshotHistory.read(kafka, topics.models, settings.modelName());
      new TrainingLoop(settings, train, validation, vocabulary, publisher, history, stopping).run();
    }
  }

  /** OpenMP and BLAS threads that outnumber the cores cost a threefold slow-down on 2 cores. */
  private static void warnAboutThreads() {
    if (System.getenv("OMP_NUM_THREADS") == null) {
      log.warn("OMP_NUM_THREADS is not set: ND4J may oversubscribe the cores; ./charstream sets it to 1");
    }
  }
}
