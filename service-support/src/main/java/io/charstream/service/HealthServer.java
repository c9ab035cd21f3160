package io.charstream.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints an operator, a container engine or Prometheus probes: {@code /health}
 * answers 200 while every service of the process is healthy and 503 otherwise, with each
 * service's state as JSON; {@code /metrics} gives every service's figures in Prometheus's text
 * format, labelled by service.
 */
public final class HealthServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthServer.class);

  private final HttpServer server;
  private final List<Service> services;

  private HealthServer(HttpServer server, List<Service> services) {
    this.server = server;
    this.services = List.copyOf(services);
  }

  /** Listens on every interface (containers are probed from outside) at the given port. */
  public static HealthServer start(int port, List<Service> services) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
      HealthServer health = new HealthServer(server, services);
      server.createContext("/health", health::health);
      server.createContext("/metrics", health::metrics);
      server.start();
      log.info("health at http://localhost:{}/health, metrics at /metrics", server.getAddress().getPort());
      return health;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for health checks on port " + port + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void health(HttpExchange exchange) throws IOException {
    StringBuilder json = new StringBuilder("{\"services\":{");
    boolean allHealthy = true;
    for (int i = 0; i < services.size(); i++) {
      boolean healthy = services.get(i).healthy();
      allHealthy &= healthy;
      json.append(i == 0 ? "" : ",").append('"').append(services.get(i).name()).append("\":\"")
          .append(healthy ? "up" : "down").append('"');
    }
    json.append("},\"status\":\"").append(allHealthy ? "up" : "down").append("\"}\n");
    respond(exchange, allHealthy ? 200 : 503, "application/json", json.toString());
  }

  private void metrics(HttpExchange exchange) throws IOException {
    StringBuilder text = new StringBuilder();
    text.append("# HELP charstream_up Whether the service is doing its work (1) or not (0).\n")
        .append("# TYPE charstream_up gauge\n");
    for (Service service : services) {
      text.append(line("up", service.name(), service.healthy() ? 1 : 0));
    }
    for (Service service : services) {
      for (Map.Entry<String, Double> figure : service.metrics().entrySet()) {
        String name = figure.getKey();
        text.append("# TYPE charstream_").append(name).append(name.endsWith("_total") ? " counter\n" : " gauge\n")
            .append(line(name, service.name(), figure.getValue()));
      }
    }
    respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", text.toString());
  }

  private static String line(String name, String service, double value) {
    return String.format(Locale.ROOT, "charstream_%s{service=\"%s\"} %s%n", name, service,
        value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value));
  }

  private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
