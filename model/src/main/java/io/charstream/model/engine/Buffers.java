package io.charstream.model.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * The named buffers of one set of passes, allocated the first time they are needed and again
 * only when a batch needs more than any before it, so a steady stream of batches allocates nothing.
 */
final class Buffers {
  private final Map<String, Floats> byName = new HashMap<>();

  Floats get(String name, long length) {
    Floats buffer = byName.get(name);
    if (buffer == null || buffer.length < length) {
      if (buffer != null) {
        buffer.free();
      }
      buffer = Floats.allocate(length);
      byName.put(name, buffer);
    }
    return buffer;
  }

  long floats() {
    return byName.values().stream().mapToLong(buffer -> buffer.length).sum();
  }

  void free() {
    byName.values().forEach(Floats::free);
    byName.clear();
  }
}
