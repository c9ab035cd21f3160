package io.charstream.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} pairs of a benchmark's command line, with a clear error for anything else. */
final class BenchOptions {
  private final Map<String, String> values = new HashMap<>();

  BenchOptions(String[] args, Set<String> known, String usage) {
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : null;
      if (name == null || i + 1 >= args.length || (!known.isEmpty() && !known.contains(name))) {
        System.err.println("usage: " + usage);
        System.exit(2);
      }
      values.put(name, args[i + 1]);
    }
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  int getInt(String name, int fallback) {
    return Integer.parseInt(get(name, Integer.toString(fallback)));
  }

  Map<String, String> all() {
    return values;
  }
}
