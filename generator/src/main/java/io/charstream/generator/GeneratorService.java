package io.charstream.generator;

import io.charstream.schemas.Topics;
import io.charstream.service.Instance;
import io.charstream.service.KafkaConnection;
import io.charstream.service.LoopService;
import io.charstream.service.ServiceNames;
import io.charstream.service.ServiceStartup;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generator service: answers prompt requests with continuations. Every generator can serve
 * every model on the models topic: a request names its model (or gets {@code model.name}), so
 * generators share one consumer group and split the load whatever models they are started with.
 */
public final class GeneratorService extends LoopService {
  private static final Logger log = LoggerFactory.getLogger(GeneratorService.class);

  private final GeneratorSettings settings;
  private final Instance instance;
  private ModelWatcher models;

  public GeneratorService(GeneratorSettings settings, Instance instance) {
    this.settings = settings;
    this.instance = instance;
  }

  /** A named instance (static group membership). */
  public GeneratorService(GeneratorSettings settings, String instanceId) {
    this(settings, Instance.named(instanceId));
  }

  @Override
  public String name() {
    return ServiceNames.GENERATOR;
  }

  @Override
  public synchronized void start() {
    KafkaConnection kafka = settings.common().kafka();
    Topics topics = settings.common().topics();
    ServiceStartup.checkBrokerAndCreateTopics(kafka, List.of(topics.prompts, topics.generations,
        topics.generationChunks, topics.models, topics.promptsRejected), name() + "-admin");
    models = new ModelWatcher(kafka, topics.models);
    startLoop(stopping -> new PromptServer(settings, models, stopping, figures).run(instance));
    log.info("generator answering prompts with the model each names, {} when it names none ({} version)",
        settings.modelName(), settings.serveBest() ? "best" : "newest");
  }

  @Override
  protected void stopped() {
    models.close();
  }
}
