package io.charstream.service;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** A client's consumer lag as its own metrics report it: the most records any of its partitions is behind. */
public final class ConsumerLag {
  private ConsumerLag() {}

  /** @param metrics a consumer's or a Streams application's metrics */
  public static double of(Map<MetricName, ? extends Metric> metrics) {
    double lag = 0;
    for (var entry : metrics.entrySet()) {
      if (entry.getKey().group().equals("consumer-fetch-manager-metrics")
          && entry.getKey().name().equals("records-lag-max") && !entry.getKey().tags().containsKey("topic")
          && entry.getValue().metricValue() instanceof Double value && !value.isNaN()) {
        lag = Math.max(lag, value);
      }
    }
    return lag;
  }
}
