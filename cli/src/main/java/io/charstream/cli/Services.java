package io.charstream.cli;

import io.charstream.dashboard.DashboardService;
import io.charstream.dashboard.DashboardSettings;
import io.charstream.generator.GeneratorService;
import io.charstream.generator.GeneratorSettings;
import io.charstream.ingest.IngestService;
import io.charstream.ingest.IngestSettings;
import io.charstream.service.Config;
import io.charstream.service.HealthServer;
import io.charstream.service.Instance;
import io.charstream.service.Service;
import io.charstream.service.ServiceNames;
import io.charstream.service.Setting;
import io.charstream.trainer.TrainerService;
import io.charstream.trainer.TrainerSettings;
import io.charstream.windowing.WindowingService;
import io.charstream.windowing.WindowingSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The services the launcher can run: the one place that knows all of them. The four pipeline
 * services, and the dashboard, which only reads what they write (and sends prompts).
 */
public final class Services {
  static final Setting INSTANCE_ID = Setting.of("instance.id", "ID", null,
      "Names this instance: its clients, and its static membership of its consumer groups, so that restarted "
          + "under the same name it takes its work back at once. Unset: labelled by the host name, dynamic membership. "
          + "Instances of a service share its work.");

  static final Setting HEALTH_PORT = Setting.of("health.port", "PORT", null,
      "Port of this process's HTTP endpoints /health (200 while every service runs, else 503) and /metrics "
          + "(Prometheus); off when unset.");

  private static final Map<String, Function<Config, Service>> FACTORIES = new LinkedHashMap<>();
  private static final Map<String, List<Setting>> SETTINGS = new LinkedHashMap<>();

  static {
    FACTORIES.put(ServiceNames.INGEST, config -> new IngestService(IngestSettings.from(config), instance(config)));
    SETTINGS.put(ServiceNames.INGEST, IngestSettings.SETTINGS);
    FACTORIES.put(ServiceNames.WINDOWING, config -> new WindowingService(WindowingSettings.from(config),
        instance(config)));
    SETTINGS.put(ServiceNames.WINDOWING, WindowingSettings.SETTINGS);
    FACTORIES.put(ServiceNames.TRAINER, config -> new TrainerService(TrainerSettings.from(config), instance(config)));
    SETTINGS.put(ServiceNames.TRAINER, TrainerSettings.SETTINGS);
    FACTORIES.put(ServiceNames.GENERATOR, config -> new GeneratorService(GeneratorSettings.from(config), instance(config)));
    SETTINGS.put(ServiceNames.GENERATOR, GeneratorSettings.SETTINGS);
  }

  private Services() {}

  /** The pipeline's services, in the order they start. */
  public static List<String> names() {
    return List.copyOf(FACTORIES.keySet());
  }

  /** What {@code run} takes: the pipeline's services and the dashboard. */
  public static List<String> runnable() {
    List<String> all = new ArrayList<>(names());
    all.add(DashboardService.NAME);
    return all;
  }

  public static boolean exists(String name) {
    return runnable().contains(name);
  }

  /** Builds a service from configuration; settings are checked here, before anything starts. */
  public static Service create(String name, Config config) {
    if (name.equals(DashboardService.NAME)) {
      return new DashboardService(DashboardSettings.from(config));
    }
    return FACTORIES.get(name).apply(config);
  }

  /** The dashboard next to the pipeline, unless web.port is 0. */
  public static Optional<DashboardService> dashboard(Config config) {
    DashboardSettings settings = DashboardSettings.from(config);
    return settings.enabled() ? Optional.of(new DashboardService(settings)) : Optional.empty();
  }

  /** Reads every service's settings, so that a bad value is reported before anything starts. */
  public static void checkSettings(Config config) {
    FACTORIES.values().forEach(factory -> factory.apply(config));
    DashboardSettings.from(config);
  }

  /** Every setting of every service, for the commands that run them. */
  public static List<Setting> allSettings() {
    List<Setting> all = new ArrayList<>();
    all.add(INSTANCE_ID);
    all.add(HEALTH_PORT);
    SETTINGS.values().forEach(all::addAll);
    all.addAll(DashboardSettings.SETTINGS);
    return all;
  }

  /** Serves /health and /metrics for these services when health.port is set. */
  public static void serveHealth(Config config, List<Service> services, Lifecycle lifecycle) {
    if (config.isSet(HEALTH_PORT)) {
      lifecycle.started(HealthServer.start(config.getInt(HEALTH_PORT, 0, 65535), services));
    }
  }

  /** Named by instance.id (static group membership), or labelled by the host name (dynamic membership). */
  private static Instance instance(Config config) {
    if (config.isSet(INSTANCE_ID)) {
      return Instance.named(config.get(INSTANCE_ID));
    }
    try {
      return new Instance(InetAddress.getLocalHost().getHostName(), false);
    } catch (UnknownHostException e) {
      return new Instance("local", false);
    }
  }
}
