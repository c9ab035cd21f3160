package io.charstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The trainer's JVM options as the launcher and the compose files give them: {@code docker/trainer.env}. */
final class TrainerJvm {
  private static final Path FILE = Path.of("docker", "trainer.env");
  private static final String KEY = "JDK_JAVA_OPTIONS=";

  private TrainerJvm() {}

  static String options() {
    try {
      return Files.readAllLines(FILE).stream()
          .filter(line -> line.startsWith(KEY))
          .map(line -> line.substring(KEY.length()))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException(FILE + " sets no " + KEY));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the trainer's JVM options from " + FILE.toAbsolutePath()
          + " (bench/run runs from the repository's root)", e);
    }
  }
}
