package io.charstream.generator;

import io.charstream.service.Config;
import io.charstream.testing.ServiceProcess;

/** Runs the generator in a JVM of its own, configured from the environment, until killed. */
public final class GeneratorProcess {
  private GeneratorProcess() {}

  public static void main(String[] args) throws InterruptedException {
    ServiceProcess.runUntilKilled(new GeneratorService(GeneratorSettings.from(Config.fromEnvironment()), "killable"));
  }
}
