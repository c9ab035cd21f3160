package io.charstream.service;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * A service whose work is one loop on a thread of its own (the trainer, the generator): healthy
 * while the loop runs, its figures kept in {@link #figures}, closed by asking the loop to stop.
 */
public abstract class LoopService implements Service {
  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);

  /** What the loop counts, for {@code /metrics}. */
  protected final ServiceMetrics figures = new ServiceMetrics();
  private ServiceThread thread;

  /** Starts the loop on a thread named after the service; {@code start()} calls it last. */
  protected final synchronized void startLoop(Consumer<BooleanSupplier> loop) {
    thread = ServiceThread.start("charstream-" + name(), loop);
  }

  @Override
  public final synchronized boolean healthy() {
    return thread != null && thread.isAlive();
  }

  @Override
  public final Map<String, Double> metrics() {
    return figures.snapshot();
  }

  @Override
  public final synchronized void close() {
    if (thread != null) {
      thread.stop(STOP_TIMEOUT);
      thread = null;
      stopped();
      LoggerFactory.getLogger(getClass()).info("{} stopped", name());
    }
  }

  /** After the loop has stopped: releases what {@code start()} opened besides the loop. */
  protected void stopped() {}
}
