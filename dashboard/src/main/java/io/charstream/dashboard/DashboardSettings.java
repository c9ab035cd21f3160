package io.charstream.dashboard;

import io.charstream.service.CommonSettings;
import io.charstream.service.Config;
import io.charstream.service.Setting;
import java.util.List;

/** What the dashboard needs to know, resolved once from flags, environment and properties. */
public record DashboardSettings(CommonSettings common, String modelName, String host, int port,
    int promptsPerMinute, int maxPromptChars) {

  public static final Setting PORT = Setting.of("web.port", "PORT", "8080",
      "Port of the live web page (training curves, model versions, services, a prompt box); 0 turns it off.");
  public static final Setting HOST = Setting.of("web.host", "ADDRESS", "127.0.0.1",
      "Address the web page listens on: only this machine by default; 0.0.0.0 for every interface.");
  public static final Setting PROMPTS_PER_MINUTE = Setting.of("web.prompts.per.minute", "N", "30",
      "Prompts the page's box may send per minute, all viewers together; 0 turns the box off.");
  public static final Setting MAX_CHARS = Setting.of("web.prompt.max.chars", "N", "1000",
      "Longest continuation the page's box asks for (the generator applies its own caps too).");

  public static final List<Setting> SETTINGS = List.of(PORT, HOST, PROMPTS_PER_MINUTE, MAX_CHARS);

  public static DashboardSettings from(Config config) {
    return new DashboardSettings(CommonSettings.from(config), config.require(CommonSettings.MODEL_NAME),
        config.require(HOST), config.getInt(PORT, 0, 65535), config.getInt(PROMPTS_PER_MINUTE, 0, 100_000),
        config.getInt(MAX_CHARS, 1, 1_000_000));
  }

  public boolean enabled() {
    return port != 0;
  }
}
