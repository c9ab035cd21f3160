package io.charstream.dashboard;

import io.charstream.schemas.Topics;
import io.charstream.service.KafkaConnection;
import io.charstream.service.Service;
import io.charstream.service.ServiceStartup;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live web page of one model's pipeline. It reads the topics as any Kafka client would, so it
 * shows the pipeline wherever the services run, and writes only prompt requests.
 */
public final class DashboardService implements Service {
  public static final String NAME = "dashboard";
  private static final Logger log = LoggerFactory.getLogger(DashboardService.class);

  private final DashboardSettings settings;
  private PipelineView view;
  private PipelineFollower follower;
  private Admin admin;
  private ServiceProbe probe;
  private PromptDesk desk;
  private WebServer server;
  private volatile boolean closed;

  public DashboardService(DashboardSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public synchronized void start() {
    KafkaConnection kafka = settings.common().kafka();
    Topics topics = settings.common().topics();
    ServiceStartup.checkBrokerAndCreateTopics(kafka, List.of(topics.trainingMetrics, topics.trainingProgress,
        topics.models, topics.vocab, topics.prompts, topics.generations, topics.generationChunks, topics.textRaw,
        topics.textIds), NAME + "-admin");
    view = new PipelineView(settings.modelName());
    follower = new PipelineFollower(kafka, topics, view, "charstream-" + NAME);
    admin = kafka.admin("charstream-" + NAME + "-probe");
    probe = new ServiceProbe(admin, topics, view);
    probe.start();
    desk = new PromptDesk(settings, kafka, "charstream-" + NAME);
    server = new WebServer(settings, view, desk);
    log.info("dashboard of model {} at {}", settings.modelName(), url());
  }

  /** Where to open the page once started. */
  public String url() {
    String host = settings.host().equals("0.0.0.0") ? "localhost" : settings.host();
    return "http://" + host + ":" + server.port() + "/";
  }

  @Override
  public boolean healthy() {
    return server != null && !closed && follower.running();
  }

  @Override
  public Map<String, Double> metrics() {
    return Map.of("dashboard_viewers", view == null ? 0.0 : view.viewers());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (AutoCloseable part : new AutoCloseable[] {server, desk, probe, admin, follower}) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception e) {
        log.warn("stopping the dashboard: {}", e.getMessage());
      }
    }
  }
}
