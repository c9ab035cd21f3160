package io.charstream.cli.command;

import io.charstream.broker.EmbeddedKafkaBroker;
import io.charstream.service.Config;
import io.charstream.service.Setting;
import java.nio.file.Path;
import java.util.List;

/** Where the embedded broker listens and keeps its data, and how many nodes it has. */
final class BrokerSettings {
  static final Setting PORT = Setting.of("port", "P", "9092",
      "Port of the embedded broker (with several nodes, the first node's; the others take the next ports).");
  static final Setting BROKERS = Setting.of("brokers", "N", "1",
      "Nodes of the embedded cluster (each broker and controller, with its own port and data directory).");
  static final Setting DATA_DIR = Setting.of("data.dir", "DIR", null,
      "Where the embedded broker keeps its data across runs; without it, a temporary directory deleted on exit.");
  static final List<Setting> SETTINGS = List.of(PORT, DATA_DIR, BROKERS);

  private BrokerSettings() {}

  static EmbeddedKafkaBroker start(Config config) {
    int port = config.getInt(PORT, 1, 65535);
    Path dataDir = config.isSet(DATA_DIR) ? Path.of(config.get(DATA_DIR)) : null;
    return EmbeddedKafkaBroker.start(config.getInt(BROKERS, 1, 9), port, dataDir);
  }
}
