package io.charstream.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthServerTest {

  /** A service whose health and figures the test sets. */
  private static final class FakeService implements Service {
    private final String name;
    volatile boolean healthy = true;

    FakeService(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void start() {}

    @Override
    public boolean healthy() {
      return healthy;
    }

    @Override
    public Map<String, Double> metrics() {
      return Map.of("epochs_total", 3.0, "train_loss", 1.25);
    }

    @Override
    public void close() {}
  }

  private static HttpResponse<String> get(HealthServer server, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthIs200WhileEveryServiceRunsAnd503OtherwiseNamingTheService() throws Exception {
    FakeService trainer = new FakeService("trainer");
    FakeService generator = new FakeService("generator");
    try (HealthServer server = HealthServer.start(0, List.of(trainer, generator))) {
      HttpResponse<String> up = get(server, "/health");
      assertThat(up.statusCode()).isEqualTo(200);
      assertThat(up.body()).contains("\"trainer\":\"up\"", "\"status\":\"up\"");

      generator.healthy = false;
      HttpResponse<String> down = get(server, "/health");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("\"generator\":\"down\"", "\"status\":\"down\"");
    }
  }

  @Test
  void metricsAreInPrometheusTextFormatLabelledByService() throws Exception {
    FakeService trainer = new FakeService("trainer");
    try (HealthServer server = HealthServer.start(0, List.of(trainer))) {
      HttpResponse<String> metrics = get(server, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
          assertThat(type).startsWith("text/plain; version=0.0.4"));
      assertThat(metrics.body().lines()).contains("# TYPE charstream_up gauge", "charstream_up{service=\"trainer\"} 1",
          "# TYPE charstream_epochs_total counter", "charstream_epochs_total{service=\"trainer\"} 3",
          "# TYPE charstream_train_loss gauge", "charstream_train_loss{service=\"trainer\"} 1.25");
    }
  }
}
