package io.charstream.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs ../shared/bench/torch_lstm_reference.py (PyTorch, one thread unless told) and reads its summary, so a
 * benchmark can print its figures as a ratio measured side by side on the same machine.
 */
final class TorchReference {
  static final Path SCRIPT = Path.of("../shared/bench/torch_lstm_reference.py");
  private static final String PYTHON = "/usr/bin/python3";

  private TorchReference() {}

  /** The summary line's numbers, or empty (with the reason printed) when PyTorch is not installed. */
  static Optional<String> run(List<String> arguments) throws IOException, InterruptedException {
    return run(arguments, 1, 1);
  }

  /**
   * @param threads PyTorch's own threads
   * @param blasThreads OpenBLAS's threads inside each of PyTorch's matrix products
   */
  static Optional<String> run(List<String> arguments, int threads, int blasThreads)
      throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(PYTHON)) || !Files.exists(SCRIPT)) {
      System.out.println("reference: skipped (" + SCRIPT + " or " + PYTHON + " missing)");
      return Optional.empty();
    }
    List<String> command = new ArrayList<>(List.of(PYTHON, SCRIPT.toString(), "--threads",
        Integer.toString(threads)));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(blasThreads));
    Process process = builder.start();
    String last = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("{")) {
          last = line;
          if (line.contains("val_loss") && !line.contains("reference")) {
            System.out.println("  pytorch " + line);
          }
        } else {
          System.out.println("  pytorch: " + line);
        }
      }
    }
    if (process.waitFor() != 0 || last == null || !last.contains("reference")) {
      System.out.println("reference: failed (install it with: apt-get install -y python3-torch libopenblas0-pthread)");
      return Optional.empty();
    }
    return Optional.of(last);
  }

  static double number(String json, String field) {
    Matcher matcher = Pattern.compile("\"" + field + "\": ([0-9.eE+-]+)").matcher(json);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
  }
}
