package io.charstream.cli.command;

import ch.qos.logback.classic.Level;
import io.charstream.broker.EmbeddedKafkaBroker;
import io.charstream.cli.Lifecycle;
import io.charstream.cli.Services;
import io.charstream.cli.UserError;
import io.charstream.cli.kafka.PipelineDrain;
import io.charstream.cli.kafka.PromptClient;
import io.charstream.cli.kafka.TextPublisher;
import io.charstream.cli.view.Terminal;
import io.charstream.cli.view.TrainingDisplay;
import io.charstream.dashboard.DashboardService;
import io.charstream.events.EpochMetrics;
import io.charstream.events.Generation;
import io.charstream.events.PromptRequest;
import io.charstream.schemas.Events;
import io.charstream.schemas.Topics;
import io.charstream.service.CommonSettings;
import io.charstream.service.Config;
import io.charstream.service.Service;
import io.charstream.service.ServiceNames;
import io.charstream.service.ServiceStartup;
import io.charstream.service.Setting;
import io.charstream.service.TopicReader;
import io.charstream.trainer.TrainerSettings;
import io.charstream.windowing.WindowingSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start the embedded broker and the four services in this process, publish a corpus, show the model "
        + "learning (progress bars, epoch table, loss chart), answer a prompt, and stop (with --serve: keep running, "
        + "with the web page). Every service setting below applies; the demo's own defaults are noted in the README.")
public final class DemoCommand extends SettingsCommand {
  /** The shipped text: Ambrose Bierce's The Devil's Dictionary (1911), in the public domain. */
  static final String SHIPPED_TEXT = "devils-dictionary.txt";
  /**
   * Demo defaults for service settings, where the user set nothing: many short steps on short
   * windows in a few minutes, with a model small enough for them (the default model and window
   * learn better, but slower).
   */
  static final Map<Setting, String> DEMO_DEFAULTS = Map.of(
      TrainerSettings.HIDDEN, "256",
      TrainerSettings.LAYERS, "1",
      TrainerSettings.DROPOUT, "0.2",
      WindowingSettings.WINDOW_LENGTH, "100",
      WindowingSettings.SPLIT_BLOCK, "200",
      TrainerSettings.BATCH_SIZE, "32",
      TrainerSettings.LEARNING_RATE, "0.004",
      TrainerSettings.AVERAGE_DECAY, "0",
      TrainerSettings.PROGRESS_INTERVAL_MS, "250",
      TrainerSettings.IDLE_EPOCHS, "0");
  private static final Duration NO_PROGRESS_LIMIT = Duration.ofMinutes(5);

  @Option(names = "--corpus", paramLabel = "FILE",
      description = "The text to learn from (default: Ambrose Bierce's The Devil's Dictionary, 1911, public domain, "
          + "~350 kB).")
  Path corpus;

  @Option(names = "--epochs", paramLabel = "N", description = "Epochs to train (default: ${DEFAULT-VALUE}).")
  int epochs = 12;

  @Option(names = "--prompt", paramLabel = "TEXT", description = "What to continue at the end (default: '${DEFAULT-VALUE}').")
  String prompt = "KAFKA, n. ";

  @Option(names = "--chars", paramLabel = "N", description = "Characters to generate (default: ${DEFAULT-VALUE}).")
  int chars = 300;

  @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
  double temperature = 0.7;

  @Option(names = "--verbose", description = "Show the services' logs too.")
  boolean verbose;

  @Option(names = "--serve", description = "Serve the dashboard (the web page, at --web-port) from the start, and "
      + "keep it and the services running after the demo, until Ctrl-C.")
  boolean serve;

  private volatile boolean stopRequested;
  private final CountDownLatch finished = new CountDownLatch(1);

  @Override
  List<Setting> settings() {
    return UpCommand.brokerAndServiceSettings();
  }

  @Override
  public Integer call() throws Exception {
    if (epochs < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--epochs must be at least 1");
    }
    byte[] text = corpusBytes();
    Config config = withDemoDefaults(config());
    long started = System.nanoTime();
    Terminal terminal = terminal();
    if (!verbose) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.charstream")).setLevel(Level.WARN);
    }
    Services.checkSettings(config);
    Lifecycle lifecycle = new Lifecycle();
    try {
      EmbeddedKafkaBroker broker = lifecycle.started(BrokerSettings.start(config));
      Config onBroker = config.with(Map.of(CommonSettings.BOOTSTRAP_SERVERS.key(), broker.bootstrapServers()));
      CommonSettings common = CommonSettings.from(onBroker);
      terminal.line("Kafka broker (KRaft, in this process) at " + broker.bootstrapServers()
          + (config.isSet(BrokerSettings.DATA_DIR) ? ", data in " + config.get(BrokerSettings.DATA_DIR)
              : ", data in a temporary directory"));
      Map<String, Service> services = new HashMap<>();
      for (String name : ServiceNames.ALL) {
        services.put(name, lifecycle.started(Services.create(name, onBroker)));
      }
      Optional<DashboardService> dashboard = serve ? Optional.of(lifecycle.started(Services.dashboard(onBroker)
          .orElseThrow(() -> new UserError("--serve shows the web page: give it a port (--web-port), not 0"))))
          : Optional.empty();
      Services.serveHealth(config, List.copyOf(services.values()), lifecycle);
      if (dashboard.isPresent()) {
        dashboard.get().start();
        terminal.line("the dashboard: " + dashboard.get().url());
      }
      // Closed first on Ctrl-C: the display stops reading before the services and the broker go.
      lifecycle.started(this::stopDisplay);
      // The trainer starts once the text is cut into sequences, so that its first epoch sees all of it.
      List<String> beforeTraining = List.of(ServiceNames.INGEST, ServiceNames.WINDOWING, ServiceNames.GENERATOR);
      for (String name : beforeTraining) {
        services.get(name).start();
      }
      Topics topics = common.topics();
      ServiceStartup.checkBrokerAndCreateTopics(common.kafka(), topics.all(), "charstream-demo");
      terminal.line("services " + String.join(", ", beforeTraining) + " running");

      String docId = (corpus == null ? Path.of(SHIPPED_TEXT) : corpus).getFileName().toString();
      int records = TextPublisher.publish(common, docId, text, common.topics().settings().maxTextBytes());
      String decoded = new String(text, StandardCharsets.UTF_8);
      terminal.line(String.format("published %s: %,d characters in %d record%s to %s", docId,
          decoded.codePointCount(0, decoded.length()), records, records == 1 ? "" : "s", topics.textRaw.name()));
      if (!PipelineDrain.await(common, Duration.ofMinutes(10), () -> stopRequested)) {
        return stopped(terminal);
      }
      terminal.line(sequenceSummary(common, onBroker));

      services.get(ServiceNames.TRAINER).start();
      TrainerSettings trainer = TrainerSettings.from(onBroker);
      terminal.line(String.format("training %s: embedding %d -> %s %d x %d -> softmax; batch %d, Adam %s; %d epochs",
          trainer.modelName(), trainer.model().embedding(), trainer.model().cell().name().toUpperCase(Locale.ROOT),
          trainer.model().hidden(), trainer.model().layers(),
          trainer.batchSize(), trainer.model().learningRate(), epochs));
      terminal.line("");
      TrainingDisplay display = new TrainingDisplay(terminal, epochs);
      EpochMetrics best = follow(common, trainer.modelName(), display);
      if (best == null) {
        return stopped(terminal);
      }
      display.finish();

      terminal.line("");
      terminal.line(String.format(Locale.ROOT, "prompt (model version %d, the best: lowest validation loss, %.4f, at epoch %d; "
          + "temperature %s): \"%s\"", best.getVersion(), best.getValidationLoss(), best.getEpoch(), temperature,
          prompt));
      Generation answer = answer(common, trainer.modelName(), best.getVersion());
      if (answer.getError() != null) {
        throw new UserError("the generator answered with an error: " + answer.getError());
      }
      terminal.line(prompt + answer.getText());
      terminal.line("");
      terminal.line(String.format("%,d characters in %d ms (%,.0f chars/s); demo done in %s", answer.getText().length(),
          answer.getGenerationMs(), answer.getCharactersPerSecond(), minutes(System.nanoTime() - started)));
      if (dashboard.isPresent()) {
        terminal.line("the dashboard stays at " + dashboard.get().url() + " with the services; Ctrl-C stops them");
        finished.countDown();
        lifecycle.awaitShutdown();
      }
      return 0;
    } finally {
      finished.countDown();
      lifecycle.closeAll();
      if (!config.isSet(BrokerSettings.DATA_DIR)) {
        terminal.line("stopped; the broker's temporary data is deleted");
      } else {
        terminal.line("stopped; the broker's data is kept in " + config.get(BrokerSettings.DATA_DIR));
      }
    }
  }

  private Config withDemoDefaults(Config config) {
    Map<String, String> defaults = new HashMap<>();
    DEMO_DEFAULTS.forEach((setting, value) -> {
      if (!config.isGiven(setting)) {
        defaults.put(setting.key(), value);
      }
    });
    defaults.put(TrainerSettings.MAX_EPOCHS.key(), Integer.toString(epochs));
    return config.with(defaults);
  }

  private byte[] corpusBytes() throws IOException {
    if (corpus != null) {
      try {
        return Files.readAllBytes(corpus);
      } catch (NoSuchFileException e) {
        throw new UserError("no such file: " + corpus);
      }
    }
    try (InputStream in = DemoCommand.class.getResourceAsStream("/io/charstream/cli/" + SHIPPED_TEXT)) {
      return in.readAllBytes();
    }
  }

  private String sequenceSummary(CommonSettings common, Config config) {
    WindowingSettings windowing = WindowingSettings.from(config);
    long train = count(common, common.topics().sequencesTrain.name());
    long validation = count(common, common.topics().sequencesValidation.name());
    return String.format("windowing: %,d training and %,d validation sequences of %d ids (stride %d)", train,
        validation, windowing.windowLength(), windowing.stride());
  }

  private static long count(CommonSettings common, String topic) {
    try (TopicReader<String, byte[]> reader = new TopicReader<>(common.kafka(), topic, new StringDeserializer(),
        new ByteArrayDeserializer(), true)) {
      return reader.readToCurrentEnd(Long.MAX_VALUE, record -> { });
    }
  }

  /**
   * Shows progress and epochs until the last epoch.
   *
   * @return the epoch with the lowest validation loss (the last one if none was validated); null if stopped first
   */
  private EpochMetrics follow(CommonSettings common, String modelName, TrainingDisplay display) {
    Topics topics = common.topics();
    try (TopicReader<String, byte[]> reader = new TopicReader<>(common.kafka(), "charstream-demo",
        List.of(topics.trainingProgress.name(), topics.trainingMetrics.name()), new StringDeserializer(),
        new ByteArrayDeserializer(), true)) {
      long lastEventNanos = System.nanoTime();
      EpochMetrics best = null;
      while (!stopRequested) {
        for (ConsumerRecord<String, byte[]> record : reader.readUntil(records -> !records.isEmpty(),
            Duration.ofMillis(500))) {
          lastEventNanos = System.nanoTime();
          if (!modelName.equals(record.key()) || record.value() == null) {
            continue;
          }
          if (record.topic().equals(topics.trainingProgress.name())) {
            display.progress(Events.TRAINING_PROGRESS.decode(record.value()));
          } else {
            EpochMetrics metrics = Events.EPOCH_METRICS.decode(record.value());
            display.epoch(metrics);
            if (best == null || isBetter(metrics, best)) {
              best = metrics;
            }
            if (metrics.getEpoch() >= epochs) {
              return best.getValidationLoss() == null ? metrics : best;
            }
          }
        }
        if (System.nanoTime() - lastEventNanos > NO_PROGRESS_LIMIT.toNanos()) {
          throw new UserError("training reported nothing for " + NO_PROGRESS_LIMIT.toMinutes()
              + " minutes; run with --verbose to see the services' logs");
        }
      }
    }
    return null;
  }

  /** The same rule as the trainer's {@code best} mark: a lower validation loss. */
  private static boolean isBetter(EpochMetrics candidate, EpochMetrics best) {
    return candidate.getValidationLoss() != null
        && (best.getValidationLoss() == null || candidate.getValidationLoss() < best.getValidationLoss());
  }

  private Generation answer(CommonSettings common, String modelName, long version) {
    PromptRequest request = PromptRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
        .setPrompt(prompt).setMaxChars(chars).setTemperature(temperature).setModelName(modelName)
        .setModelVersion(version).setSeed(42L).setTimestampMs(System.currentTimeMillis()).build();
    return PromptClient.ask(common, request, Duration.ofMinutes(2))
        .orElseThrow(() -> new UserError("the generator did not answer within 2 minutes"));
  }

  private void stopDisplay() throws InterruptedException {
    stopRequested = true;
    finished.await(5, TimeUnit.SECONDS);
  }

  private static int stopped(Terminal terminal) {
    terminal.line("interrupted");
    return 130;
  }

  private static String minutes(long nanos) {
    long seconds = TimeUnit.NANOSECONDS.toSeconds(nanos);
    return String.format("%dm %02ds", seconds / 60, seconds % 60);
  }
}
