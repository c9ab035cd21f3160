package io.charstream.cli.command;

import io.charstream.cli.Charstream;
import io.charstream.cli.view.Terminal;
import io.charstream.service.CommonSettings;
import io.charstream.service.Config;
import io.charstream.service.PropertiesFiles;
import io.charstream.service.Setting;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command configured by settings: each declares which settings it takes (they become its
 * flags) and reads them resolved from flags, environment and properties file.
 */
public abstract class SettingsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--kafka", paramLabel = "KEY=VALUE",
      description = "A Kafka client setting passed through unchanged (repeatable), e.g. --kafka security.protocol=SASL_SSL. "
          + "Env: CHARSTREAM_KAFKA_<KEY> with _ for dots.")
  Map<String, String> kafkaSettings = new HashMap<>();

  /** The settings this command takes as flags. */
  abstract List<Setting> settings();

  Config config() {
    Map<String, String> flags = SettingOptions.given(spec.commandLine().getParseResult(), allSettings());
    kafkaSettings.forEach((key, value) -> flags.put("kafka." + key, value));
    Map<String, String> environment = System.getenv();
    return new Config(flags, environment, PropertiesFiles.named(environment, flags));
  }

  public List<Setting> allSettings() {
    List<Setting> all = new java.util.ArrayList<>(CommonSettings.SETTINGS);
    all.addAll(settings());
    return all;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** The command's output as a {@link Terminal}: interactive only when it is the process's stdout on a terminal. */
  Terminal terminal() {
    return Terminal.of(out(), spec.root().userObject() instanceof Charstream root && root.onATerminal);
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  static List<Setting> none() {
    return List.of();
  }
}
