package io.charstream.service;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A service's own figures for {@code /metrics}: counters (names ending in {@code _total}) and
 * gauges, written by the service's thread and read by the health server's.
 */
public final class ServiceMetrics {
  private final Map<String, DoubleAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, Double> gauges = new ConcurrentHashMap<>();

  public void increment(String counter, double by) {
    counters.computeIfAbsent(counter, name -> new DoubleAdder()).add(by);
  }

  public void set(String gauge, double value) {
    gauges.put(gauge, value);
  }

  /** Every figure by name, sorted. */
  public Map<String, Double> snapshot() {
    Map<String, Double> all = new TreeMap<>(gauges);
    counters.forEach((name, adder) -> all.put(name, adder.sum()));
    return all;
  }
}
