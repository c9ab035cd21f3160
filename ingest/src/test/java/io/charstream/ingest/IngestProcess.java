package io.charstream.ingest;

import io.charstream.service.Config;
import io.charstream.testing.ServiceProcess;

/** Runs ingest in a JVM of its own, configured from the environment, until killed. */
public final class IngestProcess {
  private IngestProcess() {}

  public static void main(String[] args) throws InterruptedException {
    ServiceProcess.runUntilKilled(new IngestService(IngestSettings.from(Config.fromEnvironment()), "killable"));
  }
}
