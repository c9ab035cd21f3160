package io.charstream.service;

import java.util.Map;

/**
 * A service whose work is one Kafka Streams application (ingest, windowing): healthy while its
 * application runs, its figures the application's, closed by closing it. The subclass says how to
 * build the application and what else it opens and closes, as {@link LoopService} does for the
 * loop-backed services.
 */
public abstract class StreamsBackedService implements Service {
  private StreamsService streams;

  /** The Streams application; called once by {@link #start()}. */
  protected abstract StreamsService createStreams();

  /** After the topics exist and before the application starts: opens what the topology needs. */
  protected void beforeStreamsStart(StreamsService streams) {}

  /** After the application has closed: releases what {@link #beforeStreamsStart} opened. */
  protected void afterStreamsClose() {}

  @Override
  public final synchronized void start() {
    if (streams != null) {
      throw new IllegalStateException(name() + " is already started");
    }
    streams = createStreams();
    streams.createTopicsAndCheckBroker();
    beforeStreamsStart(streams);
    streams.start();
  }

  /** Partitions (tasks) this instance processes now. */
  public final synchronized int activeTaskCount() {
    return streams == null ? 0 : streams.activeTaskCount();
  }

  @Override
  public final synchronized boolean healthy() {
    return streams != null && streams.healthy();
  }

  @Override
  public final synchronized Map<String, Double> metrics() {
    return streams == null ? Map.of() : streams.metrics();
  }

  @Override
  public final synchronized void close() {
    if (streams != null) {
      streams.close();
      streams = null;
      afterStreamsClose();
    }
  }
}
