package io.charstream.cli;

import io.charstream.service.Service;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what a long-running command started and closes it in reverse order when the JVM is
 * asked to stop (Ctrl-C or SIGTERM), so the broker's data stays intact and transactions end cleanly.
 */
public final class Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final CountDownLatch stopped = new CountDownLatch(1);

  public Lifecycle() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::closeAll, "charstream-shutdown"));
  }

  public synchronized <T extends AutoCloseable> T started(T resource) {
    started.push(resource);
    return resource;
  }

  /** Blocks until the JVM is asked to stop and everything is closed. */
  public void awaitShutdown() throws InterruptedException {
    stopped.await();
  }

  /**
   * Blocks like {@link #awaitShutdown}, but returns false when the service has not been healthy
   * for the grace period: a service that stopped working (its thread ended on an error, its
   * Streams application failed) should end the process, so that a supervisor (a container
   * engine's restart policy, systemd) starts it again.
   */
  public boolean awaitShutdownWhileHealthy(Service service, Duration grace) throws InterruptedException {
    long unhealthySince = 0;
    while (!stopped.await(1, TimeUnit.SECONDS)) {
      if (service.healthy()) {
        unhealthySince = 0;
      } else if (unhealthySince == 0) {
        unhealthySince = System.nanoTime();
      } else if (System.nanoTime() - unhealthySince > grace.toNanos()) {
        log.error("{} has not been working for {} s; stopping, so that it can be restarted", service.name(),
            grace.toSeconds());
        closeAll();
        return false;
      }
    }
    return true;
  }

  public synchronized void closeAll() {
    if (stopped.getCount() == 0) {
      return;
    }
    if (!started.isEmpty()) {
      log.info("stopping");
    }
    while (!started.isEmpty()) {
      AutoCloseable resource = started.pop();
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("stopping {} failed: {}", resource, e.getMessage());
      }
    }
    stopped.countDown();
  }
}
