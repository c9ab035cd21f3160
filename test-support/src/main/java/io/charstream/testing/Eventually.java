package io.charstream.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Waits for a condition that proves something happened, rechecking it, and fails with what was
 * last seen when it does not come in time: the one polling loop of the tests.
 */
public final class Eventually {
  private static final Duration RECHECK = Duration.ofMillis(200);

  /** What is looked at each time: a command's output, a topic's records, a service's state. */
  @FunctionalInterface
  public interface Probe<T> {
    T look() throws Exception;
  }

  private Eventually() {}

  /** @return the first value the probe gives that satisfies {@code done} */
  public static <T> T await(String what, Duration timeout, Probe<T> probe, Predicate<? super T> done)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = probe.look();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within " + timeout + "; last seen:\n" + last);
      }
      Thread.sleep(RECHECK.toMillis());
      last = probe.look();
    }
    return last;
  }

  /** Waits until a process's log contains the text; returns the log. */
  public static String awaitInLog(Path log, String text, Duration timeout) throws Exception {
    return await("'" + text + "' in " + log, timeout, () -> Files.readString(log), content -> content.contains(text));
  }

  /** Waits until a line of a process's log matches the pattern; returns the log. */
  public static String awaitInLog(Path log, Pattern line, Duration timeout) throws Exception {
    return await("a line like " + line + " in " + log, timeout, () -> Files.readString(log),
        content -> content.lines().anyMatch(l -> line.matcher(l).matches()));
  }
}
