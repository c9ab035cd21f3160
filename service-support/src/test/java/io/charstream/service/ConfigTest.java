package io.charstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfigTest {
  private static final Setting LENGTH = Setting.of("window.length", "N", "100", "ids per window");

  @Test
  void derivesFlagAndEnvironmentNamesFromTheKey() {
    assertThat(LENGTH.flag()).isEqualTo("--window-length");
    assertThat(LENGTH.environmentVariable()).isEqualTo("CHARSTREAM_WINDOW_LENGTH");
  }

  @Test
  void flagBeatsEnvironmentBeatsFileBeatsDefault() {
    Properties file = new Properties();
    file.setProperty("window.length", "30");
    Map<String, String> env = Map.of("CHARSTREAM_WINDOW_LENGTH", "20");

    assertThat(new Config(Map.of("window.length", "10"), env, file).getInt(LENGTH)).isEqualTo(10);
    assertThat(new Config(Map.of(), env, file).getInt(LENGTH)).isEqualTo(20);
    assertThat(new Config(Map.of(), Map.of(), file).getInt(LENGTH)).isEqualTo(30);
    assertThat(new Config(Map.of(), Map.of(), new Properties()).getInt(LENGTH)).isEqualTo(100);
  }

  @Test
  void namesTheSettingWhenAValueIsBad() {
    Config config = Config.of(Map.of("window.length", "ten"));
    assertThatThrownBy(() -> config.getInt(LENGTH))
        .isInstanceOf(SettingException.class)
        .hasMessage("--window-length (CHARSTREAM_WINDOW_LENGTH) must be a whole number, got 'ten'");
    assertThatThrownBy(() -> Config.of(Map.of("window.length", "0")).getInt(LENGTH, 2, 10))
        .hasMessageContaining("must be from 2 to 10");
  }

  @Test
  void passesKafkaClientSettingsThroughFromEverySource() {
    Properties file = new Properties();
    file.setProperty("kafka.sasl.mechanism", "PLAIN");
    Map<String, String> env = Map.of("CHARSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
    Map<String, String> flags = Map.of("kafka.ssl.truststore.location", "/etc/ts.jks");

    assertThat(new Config(flags, env, file).kafkaClientOverrides()).containsOnly(
        Map.entry("sasl.mechanism", "PLAIN"),
        Map.entry("security.protocol", "SASL_SSL"),
        Map.entry("ssl.truststore.location", "/etc/ts.jks"));
  }
}
