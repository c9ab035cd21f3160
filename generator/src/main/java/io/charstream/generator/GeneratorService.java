package io.charstream.generator;

import io.charstream.schemas.Topics;
import io.charstream.service.KafkaConnection;
import io.charstream.service.Service;
import io.charstream.service.ServiceStartup;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The generator service: answers prompt requests with continuations from the served model version. */
public final class GeneratorService implements Service {
  private static final Logger log = LoggerFactory.getLogger(GeneratorService.class);

  private final GeneratorSettings settings;
  private final String instanceId;
  private volatile boolean stopping;
  private ModelWatcher models;
  private Thread thread;

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
    stopping = false;
    models = new ModelWatcher(kafka, topics.models, settings.modelName());
    PromptServer server = new PromptServer(settings, models, () -> stopping);
    thread = new Thread(() -> {
      try {
        server.run(instanceId);
      } catch (RuntimeException e) {
        log.error("the generator stopped: {}", e.getMessage(), e);
      }
    }, "charstream-generator");
    thread.start();
    log.info("generator serving model {} ({} version)", settings.modelName(), settings.serveBest() ? "best" : "newest");
  }

  @Override
  public synchronized void close() {
    if (thread != null) {
      stopping = true;
      try {
        thread.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
      models.close();
      log.info("generator stopped");
    }
  }
}
