package io.charstream.trainer;

import io.charstream.service.Config;
import io.charstream.testing.ServiceProcess;

/** Runs the trainer in a JVM of its own, configured from the environment, until killed. */
public final class TrainerProcess {
  private TrainerProcess() {}

  public static void main(String[] args) throws InterruptedException {
    ServiceProcess.runUntilKilled(new TrainerService(TrainerSettings.from(Config.fromEnvironment())));
  }
}
