package io.charstream.generator;

import io.charstream.schemas.Topics;
import io.charstream.service.KafkaConnection;
import io.charstream.service.Service;
import io.charstream.service.ServiceStartup;
import io.charstream.service.ServiceMetrics;
import io.charstream.service.ServiceThread;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The generator service: answers prompt requests with continuations from the served model version. */
public final class GeneratorService implements Service {
  private static final Logger log = LoggerFactory.getLogger(GeneratorService.class);

  private final GeneratorSettings settings;
  private final String instanceId;
  private final ServiceMetrics figures = new ServiceMetrics();
  private ModelWatcher models;
  private ServiceThread thread;

  public GeneratorService(GeneratorSettings settings, String instanceId) {
    this.settings = settings;
    this.instanceId = instanceId;
  }

  @Override
  public String name() {
    return "generator";
  }

  @Override
  public synchronized void start() {
    KafkaConnection kafka = settings.common().kafka();
    Topics topics = settings.common().topics();
    ServiceStartup.checkBrokerAndCreateTopics(kafka,
        List.of(topics.prompts, topics.generations, topics.models, topics.textRejected), "generator-admin");
    models = new ModelWatcher(kafka, topics.models, settings.modelName());
    thread = ServiceThread.start("charstream-generator",
        stopping -> new PromptServer(settings, models, stopping, figures).run(instanceId));
    log.info("generator serving model {} ({} version)", settings.modelName(), settings.serveBest() ? "best" : "newest");
  }

  @Override
  public synchronized boolean healthy() {
    return thread != null && thread.isAlive();
  }

  /** Requests answered (and how many with an error), characters generated, and the lag of prompts. */
  @Override
  public Map<String, Double> metrics() {
    return figures.snapshot();
  }

  @Override
  public synchronized void close() {
    if (thread != null) {
      thread.stop(Duration.ofMinutes(1));
      thread = null;
      models.close();
      log.info("generator stopped");
    }
  }
}
