package io.charstream.ingest;

import io.charstream.service.Config;

/** Runs ingest in a JVM of its own, configured from the environment, until killed. */
public final class IngestProcess {
  private IngestProcess() {}

  public static void main(String[] args) throws InterruptedException {
    IngestService service = new IngestService(IngestSettings.from(Config.fromEnvironment()), "killable");
    Runtime.getRuntime().addShutdownHook(new Thread(service::close));
    service.start();
    Thread.currentThread().join();
  }
}
