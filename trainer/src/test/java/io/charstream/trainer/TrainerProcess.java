package io.charstream.trainer;

import io.charstream.service.Config;

/** Runs the trainer in a JVM of its own, configured from the environment, until killed. */
public final class TrainerProcess {
  private TrainerProcess() {}

  public static void main(String[] args) throws InterruptedException {
    TrainerService service = new TrainerService(TrainerSettings.from(Config.fromEnvironment()));
    Runtime.getRuntime().addShutdownHook(new Thread(service::close));
    service.start();
    Thread.currentThread().join();
  }
}
