package io.charstream.cli.command;

import io.charstream.cli.Charstream;
import io.charstream.cli.Lifecycle;
import io.charstream.cli.Services;
import io.charstream.service.Config;
import io.charstream.service.Service;
import io.charstream.service.Setting;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Run one service against a Kafka cluster, until interrupted (what the containers run).")
public final class RunCommand extends SettingsCommand {

  @Parameters(index = "0", paramLabel = "SERVICE", description = "The service to run: ${COMPLETION-CANDIDATES}.",
      completionCandidates = ServiceNames.class)
  String serviceName;

  static final class ServiceNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Services.runnable().iterator();
    }
  }

  /** Longer than a Streams rebalance or a broker restart takes, so that only a real failure ends the process. */
  private static final Duration UNHEALTHY_GRACE = Duration.ofSeconds(60);

  @Override
  List<Setting> settings() {
    return Services.allSettings();
  }

  @Override
  public Integer call() throws Exception {
    if (!Services.exists(serviceName)) {
      throw new ParameterException(spec.commandLine(), "unknown service '" + serviceName + "': choose one of "
          + String.join(", ", Services.runnable()));
    }
    Config config = config();
    Lifecycle lifecycle = new Lifecycle();
    Service service = lifecycle.started(Services.create(serviceName, config));
    Services.serveHealth(config, List.of(service), lifecycle);
    service.start();
    out().printf("%s running. Press Ctrl-C to stop.%n", serviceName);
    out().flush();
    return lifecycle.awaitShutdownWhileHealthy(service, UNHEALTHY_GRACE) ? 0 : Charstream.FAILURE;
  }
}
