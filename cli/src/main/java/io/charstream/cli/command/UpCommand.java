package io.charstream.cli.command;

import io.charstream.broker.EmbeddedKafkaBroker;
import io.charstream.cli.Lifecycle;
import io.charstream.cli.Services;
import io.charstream.dashboard.DashboardService;
import io.charstream.service.CommonSettings;
import io.charstream.service.Config;
import io.charstream.service.Service;
import io.charstream.service.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Run the embedded broker, every service and the dashboard (the web page) in this process, "
        + "until interrupted.")
public final class UpCommand extends SettingsCommand {

  /** The embedded broker's settings and every service's: what {@code up} and {@code demo} take. */
  static List<Setting> brokerAndServiceSettings() {
    List<Setting> settings = new ArrayList<>(BrokerSettings.SETTINGS);
    settings.addAll(Services.allSettings());
    return settings;
  }

  @Override
  List<Setting> settings() {
    return brokerAndServiceSettings();
  }

  @Override
  public Integer call() throws Exception {
    Config config = config();
    Services.checkSettings(config);
    Lifecycle lifecycle = new Lifecycle();
    try {
      EmbeddedKafkaBroker broker = lifecycle.started(BrokerSettings.start(config));
      Config onBroker = config.with(Map.of(CommonSettings.BOOTSTRAP_SERVERS.key(), broker.bootstrapServers()));
      List<Service> services = new ArrayList<>();
      for (String name : Services.names()) {
        services.add(lifecycle.started(Services.create(name, onBroker)));
      }
      Optional<DashboardService> dashboard = Services.dashboard(onBroker).map(lifecycle::started);
      dashboard.ifPresent(services::add);
      Services.serveHealth(config, services, lifecycle);
      services.forEach(Service::start);
      out().printf("charstream is up: Kafka at %s; services %s running.%s Press Ctrl-C to stop.%n",
          broker.bootstrapServers(), String.join(", ", Services.names()),
          dashboard.map(page -> " The dashboard: " + page.url() + ".").orElse(""));
      out().flush();
    } catch (RuntimeException e) {
      // What started is stopped before the error is reported (a web port in use, say).
      lifecycle.closeAll();
      throw e;
    }
    lifecycle.awaitShutdown();
    return 0;
  }
}
