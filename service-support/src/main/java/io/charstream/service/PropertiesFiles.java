package io.charstream.service;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** Finds and reads the properties file that a flag or {@code CHARSTREAM_CONFIG} names. */
public final class PropertiesFiles {
  public static final Setting CONFIG_FILE = Setting.of("config", "FILE", null,
      "A properties file of settings (keys as in window.length=100; Kafka client settings as kafka.security.protocol=SASL_SSL).");

  private PropertiesFiles() {}

  public static Properties named(Map<String, String> environment, Map<String, String> flags) {
    String path = flags.getOrDefault(CONFIG_FILE.key(), environment.get(CONFIG_FILE.environmentVariable()));
    Properties properties = new Properties();
    if (path == null || path.isBlank()) {
      return properties;
    }
    Path file = Path.of(path);
    if (!Files.isReadable(file)) {
      throw new SettingException(Config.describe(CONFIG_FILE) + " names " + file.toAbsolutePath()
          + ", which cannot be read");
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new SettingException("cannot read " + file + ": " + e.getMessage());
    }
    return properties;
  }
}
