package io.charstream.trainer.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * The windows a trainer holds, bounded in characters however long the stream runs: the newest
 * windows (a ring) plus a uniform reservoir sample of every window older than those, so new text
 * is always learned and old text is never entirely forgotten. While everything published fits,
 * it holds every window in arrival order, so an epoch over it is an epoch over all the data.
 *
 * <p>The reservoir is Vitter's algorithm R over the windows leaving the ring: the n-th of them
 * takes slot j = uniform(0, n) when j is inside the reservoir. The choice is a function of a seed
 * and n (SplitMix64), not a random generator's hidden state, so a memory restored from a snapshot
 * goes on sampling exactly as it would have.
 */
public final class TrainingMemory {
  private final long capacityCharacters;
  private final double recentShare;
  private final int vocabularyCapacity;
  private final long seed;

  private WindowStore store;
  private int recentSlots;
  private int reservoirSlots;
  /** Ring of the newest windows: slots [reservoirSlots, reservoirSlots + recentSlots). */
  private int ringStart;
  private int ringCount;
  private int reservoirCount;
  /** Windows that have left the ring, the population the reservoir samples. */
  private long older;
  private long added;

  /**
   * @param capacityCharacters characters of windows held at most (a window of L ids is L characters)
   * @param recentShare share of the capacity kept for the newest windows, the rest for the reservoir
   */
  public TrainingMemory(long capacityCharacters, double recentShare, int vocabularyCapacity, long seed) {
    if (capacityCharacters < 1 || !(recentShare > 0 && recentShare <= 1)) {
      throw new IllegalArgumentException("memory needs a positive capacity and a recent share in (0, 1]");
    }
    this.capacityCharacters = capacityCharacters;
    this.recentShare = recentShare;
    this.vocabularyCapacity = vocabularyCapacity;
    this.seed = seed;
  }

  /** The length of the windows held; 0 before the first window. */
  public int windowLength() {
    return store == null ? 0 : store.windowLength();
  }

  /** Adds the newest window. The first window fixes the length; a window of another length is refused. */
  public void add(int[] window) {
    if (store == null) {
      allocate(window.length);
    }
    added++;
    if (ringCount < recentSlots) {
      store.put(ringSlot(ringCount), window);
      ringCount++;
      return;
    }
    int oldestSlot = ringSlot(0);
    int[] leaving = store.get(oldestSlot);
    store.put(oldestSlot, window);
    ringStart = (ringStart + 1) % recentSlots;
    sample(leaving);
  }

  private void allocate(int windowLength) {
    int slots = (int) Math.max(1, Math.min(Integer.MAX_VALUE / windowLength, capacityCharacters / windowLength));
    recentSlots = Math.max(1, (int) Math.round(slots * recentShare));
    reservoirSlots = slots - recentSlots;
    store = new WindowStore(windowLength, slots, vocabularyCapacity);
  }

  private void sample(int[] window) {
    older++;
    if (reservoirCount < reservoirSlots) {
      store.put(reservoirCount++, window);
      return;
    }
    if (reservoirSlots == 0) {
      return;
    }
    long j = Math.floorMod(mix(seed + older * 0x9E3779B97F4A7C15L), older);
    if (j < reservoirSlots) {
      store.put((int) j, window);
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private int ringSlot(int index) {
    return reservoirSlots + (ringStart + index) % recentSlots;
  }

  /** Every window held: the reservoir's, then the ring's oldest to newest (arrival order while nothing has left). */
  public List<int[]> windows() {
    List<int[]> windows = new ArrayList<>(size());
    for (int slot = 0; slot < reservoirCount; slot++) {
      windows.add(store.get(slot));
    }
    windows.addAll(newest(ringCount));
    return windows;
  }

  /** How many windows {@link #newest} gives for {@code count}: at most the ring's. */
  public int newestCount(int count) {
    return Math.min(count, ringCount);
  }

  /**
   * The newest windows, at most {@code count} and at most the ring's, oldest of them first: the
   * last {@link #newestCount} windows of {@link #windows()}.
   */
  public List<int[]> newest(int count) {
    int n = newestCount(count);
    List<int[]> windows = new ArrayList<>(n);
    for (int i = ringCount - n; i < ringCount; i++) {
      windows.add(store.get(ringSlot(i)));
    }
    return windows;
  }

  public int size() {
    return reservoirCount + ringCount;
  }

  /** Characters of the windows held now. */
  public long characters() {
    return (long) size() * windowLength();
  }

  /** Windows ever added, kept or not. */
  public long added() {
    return added;
  }

  /** Windows the reservoir has sampled from (those that left the ring). */
  public long older() {
    return older;
  }

  /** The reservoir's windows (slot order) and the ring's (oldest first), for a snapshot. */
  public State state() {
    int[] reservoir = new int[reservoirCount];
    for (int slot = 0; slot < reservoirCount; slot++) {
      reservoir[slot] = slot;
    }
    int[] ring = new int[ringCount];
    for (int i = 0; i < ringCount; i++) {
      ring[i] = ringSlot(i);
    }
    return store == null ? new State(0, 1, older, added, new byte[0], new byte[0])
        : new State(store.windowLength(), store.idBytes(), older, added, store.toBytes(reservoir), store.toBytes(ring));
  }

  /** Puts back what {@link #state()} gave: the same windows in the same places, the same sampling to come. */
  public void restore(State state) {
    if (state.windowLength() == 0) {
      return;
    }
    allocate(state.windowLength());
    int[][] reservoir = WindowStore.windowsOf(java.nio.ByteBuffer.wrap(state.reservoir()), state.windowLength(),
        state.idBytes());
    int[][] ring = WindowStore.windowsOf(java.nio.ByteBuffer.wrap(state.recent()), state.windowLength(),
        state.idBytes());
    // A smaller capacity than the snapshot's keeps what fits: the newest of the ring, the first of the reservoir.
    for (int i = Math.max(0, ring.length - recentSlots); i < ring.length; i++) {
      store.put(ringSlot(ringCount++), ring[i]);
    }
    for (int i = 0; i < Math.min(reservoir.length, reservoirSlots); i++) {
      store.put(reservoirCount++, reservoir[i]);
    }
    older = state.older();
    added = state.added();
  }

  /** A memory's content as a snapshot carries it. */
  public record State(int windowLength, int idBytes, long older, long added, byte[] reservoir, byte[] recent) {}
}
