package io.charstream.cli.command;

import io.charstream.service.Setting;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Turns {@link Setting}s into command-line options, so that each setting is declared once (in
 * its service) and has the same flag, environment variable and property everywhere.
 */
public final class SettingOptions {
  private SettingOptions() {}

  public static void addTo(CommandSpec command, Collection<Setting> settings) {
    for (Setting setting : settings) {
      if (command.findOption(setting.flag()) != null) {
        continue;
      }
      String defaultText = setting.defaultValue() == null || setting.defaultValue().isEmpty()
          ? "" : " Default: " + setting.defaultValue() + ".";
      command.addOption(OptionSpec.builder(setting.flag())
          .paramLabel(setting.paramLabel())
          .type(String.class)
          .description(setting.description() + " Env: " + setting.environmentVariable() + "." + defaultText)
          .build());
    }
  }

  /** The settings given as flags, by setting key. */
  static Map<String, String> given(ParseResult parsed, Collection<Setting> settings) {
    Map<String, String> flags = new HashMap<>();
    for (Setting setting : settings) {
      if (parsed.hasMatchedOption(setting.flag())) {
        flags.put(setting.key(), parsed.matchedOptionValue(setting.flag(), ""));
      }
    }
    return flags;
  }
}
