package io.charstream.windowing;

import io.charstream.service.Config;

/** Runs windowing in a JVM of its own, configured from the environment, until killed. */
public final class WindowingProcess {
  private WindowingProcess() {}

  public static void main(String[] args) throws InterruptedException {
    WindowingService service = new WindowingService(WindowingSettings.from(Config.fromEnvironment()));
    Runtime.getRuntime().addShutdownHook(new Thread(service::close));
    service.start();
    Thread.currentThread().join();
  }
}
