package io.charstream.cli.command;

import io.charstream.cli.UserError;
import io.charstream.cli.kafka.TopicReaders;
import io.charstream.events.ModelSnapshot;
import io.charstream.schemas.EventJson;
import io.charstream.schemas.Events;
import io.charstream.schemas.ModelKey;
import io.charstream.service.CommonSettings;
import io.charstream.service.Config;
import io.charstream.service.Setting;
import io.charstream.service.TopicReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "models", mixinStandardHelpOptions = true,
    description = "List a model's versions kept on the models topic, with their metrics; --export writes one as a "
        + "DL4J model file (ModelSerializer's format) with its vocabulary beside it as JSON.")
public final class ModelsCommand extends SettingsCommand {

  @Option(names = "--export", paramLabel = "VERSION", description = "A version number, newest (or latest) or best.")
  String export;

  @Option(names = "--to", paramLabel = "FILE",
      description = "Where --export writes the model (default: <model>-v<version>.zip); the vocabulary goes to "
          + "<FILE without extension>.vocab.json.")
  Path to;

  @Override
  List<Setting> settings() {
    return List.of(CommonSettings.MODEL_NAME);
  }

  @Override
  public Integer call() throws IOException {
    Config config = config();
    CommonSettings common = CommonSettings.from(config);
    String modelName = config.require(CommonSettings.MODEL_NAME);
    TreeMap<Long, ModelSnapshot> versions = read(common, modelName);
    if (export != null) {
      return export(versions, modelName);
    }
    if (versions.isEmpty()) {
      err().printf("no versions of model '%s' on %s yet%n", modelName, common.topics().models.name());
      err().flush();
      return 0;
    }
    out().printf("%-8s %-6s %-5s %-8s %-9s %-12s %-6s %-13s %s%n", "version", "epoch", "best", "loss", "val_loss",
        "val_accuracy", "vocab", "network", "size");
    for (ModelSnapshot s : versions.values()) {
      var m = s.getMetrics();
      out().printf("%-8d %-6d %-5s %-8.4f %-9s %-12s %-6d %-13s %,d bytes%n", s.getVersion(), s.getEpoch(),
          s.getBest() ? "yes" : "", m.getTrainLoss(), format(m.getValidationLoss()), format(m.getValidationAccuracy()),
          s.getVocab().size(), network(s), s.getModelBytes().remaining());
    }
    out().flush();
    return 0;
  }

  /** The versions of one model still on the topic: the latest record per key, tombstones removing theirs. */
  private static TreeMap<Long, ModelSnapshot> read(CommonSettings common, String modelName) {
    TreeMap<Long, ModelSnapshot> versions = new TreeMap<>();
    try (TopicReader<String, byte[]> reader = TopicReaders.open(common, common.topics().models,
        new StringDeserializer(), new ByteArrayDeserializer(), true)) {
      reader.readToCurrentEnd(record -> ModelKey.parse(record.key())
          .filter(key -> key.modelName().equals(modelName))
          .ifPresent(key -> {
            if (record.value() == null) {
              versions.remove(key.version());
            } else {
              versions.put(key.version(), Events.MODEL_SNAPSHOT.decode(record.value()));
            }
          }));
    }
    return versions;
  }

  private int export(TreeMap<Long, ModelSnapshot> versions, String modelName) throws IOException {
    ModelSnapshot chosen = choose(versions, modelName);
    Path file = to != null ? to : Path.of(modelName + "-v" + chosen.getVersion() + ".zip");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bytes = chosen.getModelBytes().duplicate();
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }
    String name = file.getFileName().toString();
    Path vocabulary = file.resolveSibling((name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name)
        + ".vocab.json");
    Files.writeString(vocabulary, EventJson.renderVocabulary(chosen.getVocab(), chosen.getVocabCapacity()) + "\n",
        StandardCharsets.UTF_8);
    out().printf("exported %s version %d (epoch %d) to %s; vocabulary (%d characters) to %s%n", modelName,
        chosen.getVersion(), chosen.getEpoch(), file, chosen.getVocab().size(), vocabulary);
    out().printf("load it with ModelSerializer.restoreMultiLayerNetwork(\"%s\"); input: [batch, 1, steps] ids; "
        + "output: [batch, %d, steps] probabilities%n", file, chosen.getVocabCapacity());
    out().flush();
    return 0;
  }

  private ModelSnapshot choose(TreeMap<Long, ModelSnapshot> versions, String modelName) {
    if (versions.isEmpty()) {
      throw new UserError("no versions of model '" + modelName + "' to export yet");
    }
    if (export.equals("newest") || export.equals("latest")) {
      return versions.lastEntry().getValue();
    }
    if (export.equals("best")) {
      return versions.descendingMap().values().stream().filter(ModelSnapshot::getBest).findFirst()
          .orElse(versions.lastEntry().getValue());
    }
    long version;
    try {
      version = Long.parseLong(export);
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "--export takes a version number, newest or best, got '"
          + export + "'");
    }
    ModelSnapshot chosen = versions.get(version);
    if (chosen == null) {
      throw new UserError("model '" + modelName + "' has no version " + version + "; kept: " + versions.keySet());
    }
    return chosen;
  }

  /** The recorded architecture, e.g. {@code gru 256x1}; snapshots from before it was recorded are LSTMs. */
  private static String network(ModelSnapshot snapshot) {
    var architecture = snapshot.getArchitecture();
    return architecture == null ? "lstm" : architecture.getCell() + " " + architecture.getHiddenSize() + "x"
        + architecture.getLayers();
  }

  private static String format(Double value) {
    return value == null ? "-" : String.format("%.4f", value);
  }
}
