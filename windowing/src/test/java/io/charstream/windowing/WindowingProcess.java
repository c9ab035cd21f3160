package io.charstream.windowing;

import io.charstream.service.Config;
import io.charstream.testing.ServiceProcess;

/** Runs windowing in a JVM of its own, configured from the environment, until killed. */
public final class WindowingProcess {
  private WindowingProcess() {}

  public static void main(String[] args) throws InterruptedException {
    ServiceProcess.runUntilKilled(new WindowingService(WindowingSettings.from(Config.fromEnvironment())));
  }
}
