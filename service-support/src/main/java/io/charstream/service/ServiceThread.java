package io.charstream.service;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's one loop on a thread of its own. The loop is handed a "stop now?" question it asks
 * between units of work; {@link #stop} asks it to stop and waits for it.
 */
public final class ServiceThread {
  private static final Logger log = LoggerFactory.getLogger(ServiceThread.class);

  private final Thread thread;
  private volatile boolean stopping;

  private ServiceThread(String name, Consumer<BooleanSupplier> loop) {
    this.thread = new Thread(() -> {
      try {
        loop.accept(() -> stopping);
      } catch (RuntimeException e) {
        log.error("{} stopped: {}", name, e.getMessage(), e);
      }
    }, name);
  }

  public static ServiceThread start(String name, Consumer<BooleanSupplier> loop) {
    ServiceThread serviceThread = new ServiceThread(name, loop);
    serviceThread.thread.start();
    return serviceThread;
  }

  /** Whether the loop still runs (it ends when asked to stop, or on an error it could not handle). */
  public boolean isAlive() {
    return thread.isAlive();
  }

  /** Asks the loop to stop and waits for it, at most the timeout. */
  public void stop(Duration timeout) {
    stopping = true;
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
