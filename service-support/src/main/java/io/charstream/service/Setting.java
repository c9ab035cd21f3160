package io.charstream.service;

import java.util.Locale;

/**
 * One configuration setting. Its key names it everywhere: {@code window.length} is the flag
 * {@code --window-length}, the environment variable {@code CHARSTREAM_WINDOW_LENGTH} and the
 * property {@code window.length} in a properties file.
 *
 * @param defaultValue the value when no source sets it; null means "derived" (see description)
 */
public record Setting(String key, String paramLabel, String defaultValue, String description) {

  public static final String ENV_PREFIX = "CHARSTREAM_";

  public static Setting of(String key, String paramLabel, String defaultValue, String description) {
    return new Setting(key, paramLabel, defaultValue, description);
  }

  public String flag() {
    return "--" + key.replace('.', '-');
  }

  public String environmentVariable() {
    return ENV_PREFIX + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }
}
