package io.charstream.cli.command;

import io.charstream.cli.UserError;
import io.charstream.cli.kafka.TopicReaders;
import io.charstream.cli.view.EpochTable;
import io.charstream.cli.view.LossChart;
import io.charstream.cli.view.MetricsPlot;
import io.charstream.cli.view.Terminal;
import io.charstream.events.EpochMetrics;
import io.charstream.service.CommonSettings;
import io.charstream.service.Config;
import io.charstream.service.Setting;
import io.charstream.service.TopicReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "metrics", mixinStandardHelpOptions = true,
    description = "The epoch table of a model from training.metrics: epoch, loss, accuracy, val_loss, val_accuracy, "
        + "chars/s. On a terminal the table is boxed; otherwise it is plain ASCII, each row starting with its epoch.")
public final class MetricsCommand extends SettingsCommand {

  @Option(names = "--follow", description = "Keep printing epochs as they are trained, until interrupted.")
  boolean follow;

  @Option(names = "--chart", description = "Also draw the loss per epoch as a chart (after each new epoch with --follow).")
  boolean chart;

  @Option(names = "--plot", paramLabel = "FILE",
      description = "Write the loss and accuracy curves to FILE, a .png or .svg picture (rewritten after each epoch with --follow).")
  Path plot;

  @Override
  List<Setting> settings() {
    return List.of(CommonSettings.MODEL_NAME);
  }

  @Override
  public Integer call() throws IOException {
    Config config = config();
    CommonSettings common = CommonSettings.from(config);
    String modelName = config.require(CommonSettings.MODEL_NAME);
    if (plot != null && !plot.toString().matches("(?i).*\\.(png|svg)$")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--plot takes a file ending in .png or .svg, got '" + plot + "'");
    }
    Terminal terminal = terminal();
    EpochTable table = new EpochTable(terminal.interactive());
    TreeMap<Integer, EpochMetrics> epochs = new TreeMap<>();
    try (TopicReader<String, EpochMetrics> reader = TopicReaders.open(common, common.topics().trainingMetrics, true)) {
      terminal.line(table.header());
      reader.readToCurrentEnd(Long.MAX_VALUE, record -> show(record, modelName, epochs, table, terminal));
      if (follow) {
        reader.follow(Long.MAX_VALUE, record -> showNew(record, modelName, epochs, table, terminal));
        return 0;
      }
    }
    if (!table.footer().isEmpty()) {
      terminal.line(table.footer());
    }
    if (epochs.isEmpty()) {
      err().printf("no epochs of model '%s' yet%n", modelName);
      err().flush();
    }
    if (chart) {
      terminal.line(LossChart.render(new ArrayList<>(epochs.values()), terminal.width(), terminal.interactive()));
    }
    writePlot(epochs, modelName);
    return 0;
  }

  /** Adds an epoch of the model to the table; @return whether the record was one. */
  private static boolean show(ConsumerRecord<String, EpochMetrics> record, String modelName,
      TreeMap<Integer, EpochMetrics> epochs, EpochTable table, Terminal terminal) {
    if (!modelName.equals(record.key()) || record.value() == null) {
      return false;
    }
    epochs.put(record.value().getEpoch(), record.value());
    terminal.line(table.row(record.value()));
    return true;
  }

  /** With --follow: the new epoch's row, then the chart and the picture brought up to date. */
  private void showNew(ConsumerRecord<String, EpochMetrics> record, String modelName,
      TreeMap<Integer, EpochMetrics> epochs, EpochTable table, Terminal terminal) {
    if (!show(record, modelName, epochs, table, terminal)) {
      return;
    }
    if (chart) {
      terminal.line(LossChart.render(new ArrayList<>(epochs.values()), terminal.width(), terminal.interactive()));
    }
    try {
      writePlot(epochs, modelName);
    } catch (IOException e) {
      throw new UserError("cannot write " + plot + ": " + e.getMessage());
    }
  }

  private void writePlot(TreeMap<Integer, EpochMetrics> epochs, String modelName) throws IOException {
    if (plot == null) {
      return;
    }
    if (epochs.isEmpty()) {
      throw new UserError("no epochs of model '" + modelName + "' to plot yet");
    }
    MetricsPlot.write(new ArrayList<>(epochs.values()), "charstream: model " + modelName, plot);
    err().printf("wrote %s (%d epochs)%n", plot, epochs.size());
    err().flush();
  }
}
