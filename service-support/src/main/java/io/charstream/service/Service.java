package io.charstream.service;

import java.util.Map;

/** One microservice: started once, closed once. Talks to the others only through topics. */
public interface Service extends AutoCloseable {
  String name();

  /** Whether it is doing its work, for {@code /health}: started, and not stopped by an error. */
  boolean healthy();

  /**
   * Its figures for {@code /metrics}, by name without the {@code charstream_} prefix; names
   * ending in {@code _total} are counters, the others gauges.
   */
  Map<String, Double> metrics();

  /** Creates what the service needs (topics) and starts processing; returns once it runs. */
  void start();

  /** Stops processing and releases everything; safe to call twice. */
  @Override
  void close();
}
