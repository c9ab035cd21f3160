package io.charstream.cli.command;

import io.charstream.broker.EmbeddedKafkaBroker;
import io.charstream.cli.Lifecycle;
import io.charstream.service.Setting;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "broker", mixinStandardHelpOptions = true, description = "Run the embedded Kafka broker (KRaft; one node, or a cluster with --brokers) alone, until interrupted.")
public final class BrokerCommand extends SettingsCommand {

  @Override
  List<Setting> settings() {
    return BrokerSettings.SETTINGS;
  }

  @Override
  public Integer call() throws Exception {
    Lifecycle lifecycle = new Lifecycle();
    EmbeddedKafkaBroker broker = lifecycle.started(BrokerSettings.start(config()));
    out().printf("Kafka %s ready at %s (data in %s). Press Ctrl-C to stop.%n",
        broker.nodeCount() == 1 ? "broker" : broker.nodeCount() + "-node cluster", broker.bootstrapServers(),
        broker.dataDir());
    out().flush();
    lifecycle.awaitShutdown();
    return 0;
  }
}
