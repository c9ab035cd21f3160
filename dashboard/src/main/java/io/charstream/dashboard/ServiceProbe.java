package io.charstream.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.charstream.schemas.TopicSettings;
import io.charstream.schemas.Topics;
import io.charstream.service.GroupLag;
import io.charstream.service.ServiceNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each service's health as Kafka sees it, wherever the services run (this process, containers,
 * other hosts): its consumer group's state and members, the records it has processed (its
 * committed offsets on its input topic) and its lag behind that topic's end. The trainer keeps its
 * place in its snapshots, not in a group: its group is the lease, and what it has processed is the
 * characters its newest version had consumed.
 */
final class ServiceProbe implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceProbe.class);
  private static final long PERIOD_MS = 2_000;

  private record Watched(String service, String group, String inputTopic) {}

  private final Admin admin;
  private final PipelineView view;
  private final List<Watched> watched;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "charstream-dashboard-probe");
    thread.setDaemon(true);
    return thread;
  });
  private String last = "";

  ServiceProbe(Admin admin, Topics topics, PipelineView view) {
    this.admin = admin;
    this.view = view;
    TopicSettings settings = topics.settings();
    this.watched = List.of(
        new Watched(ServiceNames.INGEST, ServiceNames.groupId(settings, ServiceNames.INGEST), topics.textRaw.name()),
        new Watched(ServiceNames.WINDOWING, ServiceNames.groupId(settings, ServiceNames.WINDOWING),
            topics.textIds.name()),
        new Watched(ServiceNames.TRAINER, ServiceNames.trainerLeaseGroupId(settings, view.modelName()), null),
        new Watched(ServiceNames.GENERATOR, ServiceNames.groupId(settings, ServiceNames.GENERATOR),
            topics.prompts.name()));
  }

  void start() {
    timer.scheduleWithFixedDelay(this::probe, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  private void probe() {
    try {
      Map<String, ConsumerGroupDescription> groups = describe();
      ArrayNode services = Json.MAPPER.createArrayNode();
      for (Watched service : watched) {
        ConsumerGroupDescription group = groups.get(service.group());
        int members = group == null ? 0 : group.members().size();
        ObjectNode json = services.addObject().put("name", service.service()).put("members", members)
            .put("state", state(group));
        if (service.inputTopic() != null) {
          Optional<GroupLag.Position> position = GroupLag.position(admin, service.group(), service.inputTopic());
          json.put("input", service.inputTopic());
          position.ifPresent(p -> json.put("processed", p.committed()).put("lag", p.lag()));
        }
      }
      String now = Json.write(services);
      if (!now.equals(last)) {
        last = now;
        view.services(services);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("cannot ask Kafka how the services are: {}", e.getMessage());
    }
  }

  private Map<String, ConsumerGroupDescription> describe() throws InterruptedException {
    Map<String, ConsumerGroupDescription> described = new java.util.HashMap<>();
    var result = admin.describeConsumerGroups(watched.stream().map(Watched::group).toList()).describedGroups();
    for (var entry : result.entrySet()) {
      try {
        described.put(entry.getKey(), entry.getValue().get());
      } catch (ExecutionException e) {
        // Not there yet (a group appears when its first member joins).
      }
    }
    return described;
  }

  /** up: members at work; starting: members joining or being given work; down: none. */
  private static String state(ConsumerGroupDescription group) {
    if (group == null || group.members().isEmpty()) {
      return "down";
    }
    return group.groupState() == GroupState.STABLE ? "up" : "starting";
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
