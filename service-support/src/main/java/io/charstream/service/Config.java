package io.charstream.service;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Resolved configuration. A setting's value comes from, in order: its flag, its environment
 * variable, the properties file, its default. Kafka client settings pass through unchanged from
 * {@code kafka.}-prefixed properties, {@code CHARSTREAM_KAFKA_}-prefixed environment variables
 * ({@code CHARSTREAM_KAFKA_SECURITY_PROTOCOL} is {@code security.protocol}) and {@code --kafka key=value}.
 */
public final class Config {
  static final String KAFKA_PREFIX = "kafka.";
  private static final String KAFKA_ENV_PREFIX = Setting.ENV_PREFIX + "KAFKA_";

  private final Map<String, String> flags;
  private final Map<String, String> environment;
  private final Properties file;

  public Config(Map<String, String> flags, Map<String, String> environment, Properties file) {
    this.flags = Map.copyOf(flags);
    this.environment = Map.copyOf(environment);
    this.file = (Properties) file.clone();
  }

  /** Configuration from the process environment alone (and the file it names, if any). */
  public static Config fromEnvironment() {
    return new Config(Map.of(), System.getenv(), PropertiesFiles.named(System.getenv(), Map.of()));
  }

  public static Config of(Map<String, String> values) {
    return new Config(values, Map.of(), new Properties());
  }

  /** A copy with these values set as if given as flags. */
  public Config with(Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>(flags);
    merged.putAll(overrides);
    return new Config(merged, environment, file);
  }

  public String get(Setting setting) {
    String value = flags.get(setting.key());
    if (value == null) {
      value = environment.get(setting.environmentVariable());
    }
    if (value == null) {
      value = file.getProperty(setting.key());
    }
    return value == null ? setting.defaultValue() : value.trim();
  }

  /** Whether a flag, the environment or the properties file gives a value (a default does not count). */
  public boolean isGiven(Setting setting) {
    return flags.containsKey(setting.key()) || environment.containsKey(setting.environmentVariable())
        || file.containsKey(setting.key());
  }

  public boolean isSet(Setting setting) {
    String value = get(setting);
    return value != null && !value.isEmpty();
  }

  public String require(Setting setting) {
    String value = get(setting);
    if (value == null || value.isEmpty()) {
      throw new SettingException(describe(setting) + " is required");
    }
    return value;
  }

  public int getInt(Setting setting) {
    String value = require(setting);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new SettingException(describe(setting) + " must be a whole number, got '" + value + "'");
    }
  }

  public int getInt(Setting setting, int min, int max) {
    int value = getInt(setting);
    if (value < min || value > max) {
      throw new SettingException(describe(setting) + " must be from " + min + " to " + max + ", got " + value);
    }
    return value;
  }

  public long getLong(Setting setting) {
    String value = require(setting);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new SettingException(describe(setting) + " must be a whole number, got '" + value + "'");
    }
  }

  public double getDouble(Setting setting, double min, double max) {
    String value = require(setting);
    double parsed;
    try {
      parsed = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new SettingException(describe(setting) + " must be a number, got '" + value + "'");
    }
    if (!(parsed >= min && parsed <= max)) {
      throw new SettingException(describe(setting) + " must be from " + min + " to " + max + ", got " + value);
    }
    return parsed;
  }

  public boolean getBoolean(Setting setting) {
    String value = require(setting).toLowerCase(Locale.ROOT);
    return switch (value) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new SettingException(describe(setting) + " must be true or false, got '" + value + "'");
    };
  }

  /** Kafka client settings to pass through to every producer, consumer, admin client and Streams app. */
  public Map<String, Object> kafkaClientOverrides() {
    Map<String, Object> overrides = new HashMap<>();
    for (String name : file.stringPropertyNames()) {
      if (name.startsWith(KAFKA_PREFIX)) {
        overrides.put(name.substring(KAFKA_PREFIX.length()), file.getProperty(name));
      }
    }
    environment.forEach((name, value) -> {
      if (name.startsWith(KAFKA_ENV_PREFIX)) {
        String key = name.substring(KAFKA_ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        overrides.put(key, value);
      }
    });
    flags.forEach((name, value) -> {
      if (name.startsWith(KAFKA_PREFIX)) {
        overrides.put(name.substring(KAFKA_PREFIX.length()), value);
      }
    });
    return overrides;
  }

  public static String describe(Setting setting) {
    return setting.flag() + " (" + setting.environmentVariable() + ")";
  }
}
