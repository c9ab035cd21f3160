package io.charstream.generator;

import io.charstream.service.Config;

/** Runs the generator in a JVM of its own, configured from the environment, until killed. */
public final class GeneratorProcess {
  private GeneratorProcess() {}

  public static void main(String[] args) throws InterruptedException {
    GeneratorService service = new GeneratorService(GeneratorSettings.from(Config.fromEnvironment()), "killable");
    Runtime.getRuntime().addShutdownHook(new Thread(service::close));
    service.start();
    Thread.currentThread().join();
  }
}
