package io.charstream.trainer;

import java.util.Locale;

/**
 * Whether a model's snapshots fit where they go: under the models topic's record cap
 * ({@code max.snapshot.bytes}) and in the trainer's heap. The network itself lives in native
 * memory, but each snapshot passes through the heap three times at once: the model file, the
 * encoded event and the producer's copy of it. A snapshot that fits in neither fails only at an
 * epoch's end, after the epoch's work; this says so before the first epoch, with what to change.
 */
final class SnapshotRoom {
  /** Copies of a snapshot on the heap at once while it is published. */
  static final int COPIES = 3;
  /** The rest of the trainer's heap: its consumers and producers, the memories, a batch. */
  static final long RESERVE_BYTES = 128L << 20;

  private SnapshotRoom() {}

  /** The heap a trainer whose snapshots have this size needs. */
  static long heapNeeded(long snapshotBytes) {
    return COPIES * snapshotBytes + RESERVE_BYTES;
  }

  /**
   * Throws if the snapshots of this model (its file and the memories it carries) exceed the cap,
   * or a heap of at most {@code maxHeapBytes} ({@link Runtime#maxMemory()}) cannot hold them.
   */
  static void check(String model, long parameters, long modelFileBytes, long memoryBytes, long capBytes,
      long maxHeapBytes) {
    long snapshot = modelFileBytes + memoryBytes;
    String what = String.format(Locale.ROOT, "model %s has %,d parameters: its snapshots take about %d MB"
        + " (the model file %d MB, the memories %d MB)", model, parameters, mb(snapshot), mb(modelFileBytes),
        mb(memoryBytes));
    if (snapshot > capBytes) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "%s, over max.snapshot.bytes (%d MB): raise max.snapshot.bytes, or choose a smaller model or memories",
          what, mb(capBytes)));
    }
    long needed = heapNeeded(snapshot);
    if (maxHeapBytes < needed) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "%s and need a trainer heap of at least %d MB, but this one has %d MB: raise -Xms and -Xmx to %dm in"
              + " docker/trainer.env (which ./charstream run trainer and the compose files read) or in"
              + " CHARSTREAM_JAVA_OPTS, or choose a smaller model",
          what, mb(needed), mb(maxHeapBytes), roundedUp(mb(needed))));
    }
  }

  private static long mb(long bytes) {
    return (bytes + (1 << 20) - 1) >> 20;
  }

  /** A heap size to suggest: the next multiple of 256 MB. */
  private static long roundedUp(long megabytes) {
    return (megabytes + 255) / 256 * 256;
  }
}
