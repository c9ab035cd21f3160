package io.charstream.testing;

import io.charstream.service.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service in a JVM of its own, started from the test's class path, so that a test can kill
 * it the hard way ({@code kill -9}) and start it again. Its settings go in as environment
 * variables, as in a container.
 */
public final class ServiceProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private ServiceProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  private static final String VECTOR_API = "jdk.incubator.vector";

  /**
   * The body of a child JVM's main: starts the service, closes it on a shutdown hook, and blocks
   * until the process is killed. Every killable service's main is this one line.
   */
  public static void runUntilKilled(io.charstream.service.Service service) throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(service::close));
    service.start();
    Thread.currentThread().join();
  }

  /**
   * @param mainClass a class whose main starts the service and blocks
   * @param settings setting keys (as in {@code window.length}) and values
   */
  public static ServiceProcess start(Class<?> mainClass, Map<String, String> settings, Path log) {
    return start(mainClass, List.of(), settings, log);
  }

  /** The same, with command-line arguments for the main class. */
  public static ServiceProcess start(Class<?> mainClass, List<String> args, Map<String, String> settings, Path log) {
    return start(mainClass.getName(), args, settings, log, null);
  }

  /**
   * Any main class of the test's class path, with arguments, settings, a log for stdout and stderr
   * together, and standard input read from a file (or none, when null).
   */
  public static ServiceProcess start(String mainClass, List<String> args, Map<String, String> settings, Path log,
      Path stdin) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
    if (ModuleLayer.boot().findModule(VECTOR_API).isPresent()) {
      command.addAll(List.of("--add-modules", VECTOR_API)); // as this JVM: the generator's fast kernel
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    if (stdin != null) {
      builder.redirectInput(stdin.toFile());
    }
    settings.forEach((key, value) ->
        builder.environment().put(Setting.of(key, "", null, "").environmentVariable(), value));
    try {
      return new ServiceProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + mainClass, e);
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, as Ctrl-C or {@code docker stop} would send: shutdown hooks run. @return the exit code */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return awaitExit(timeout);
  }

  /** @return the exit code, once the process has ended by itself within the timeout */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the process did not end within " + timeout + "; see " + log);
    }
    return process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
