package io.charstream.trainer.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingMemoryTest {
  private static final int LENGTH = 4;

  /** Window number n: its first id says which it was (ids fit in 65,536). */
  private static int[] window(int n) {
    return new int[] {n % 65_536, n / 65_536, 7, 9};
  }

  private static int number(int[] window) {
    return window[0] + window[1] * 65_536;
  }

  @Test
  void holdsEveryWindowInArrivalOrderWhileTheyFit() {
    TrainingMemory memory = new TrainingMemory(100 * LENGTH, 0.3, 70_000, 1);
    for (int n = 0; n < 100; n++) {
      memory.add(window(n));
    }
    assertThat(memory.windows().stream().map(TrainingMemoryTest::number).toList())
        .isEqualTo(java.util.stream.IntStream.range(0, 100).boxed().toList());
    assertThat(memory.characters()).isEqualTo(400);
  }

  @Test
  void keepsItsBoundAndTheNewestWindowsHoweverMuchArrives() {
    TrainingMemory memory = new TrainingMemory(1_000 * LENGTH, 0.25, 70_000, 1);
    for (int n = 0; n < 50_000; n++) {
      memory.add(window(n));
      assertThat(memory.characters()).isLessThanOrEqualTo(1_000 * LENGTH);
    }
    assertThat(memory.size()).isEqualTo(1_000);
    assertThat(memory.added()).isEqualTo(50_000);
    assertThat(memory.newest(250).stream().map(TrainingMemoryTest::number).toList())
        .isEqualTo(java.util.stream.IntStream.range(50_000 - 250, 50_000).boxed().toList());
  }

  /**
   * After 200,000 windows the 2,000-slot reservoir should hold a uniform sample of the 199,000
   * that left the ring: about 200 from each tenth of them. Pearson's chi-square over the ten
   * tenths has 9 degrees of freedom; a value over 40 happens by chance with probability below
   * 1e-5, while keeping the first or the last windows, or favouring either end, gives thousands.
   */
  @Test
  void samplesTheOlderWindowsUniformly() {
    int reservoir = 2_000;
    int recent = 1_000;
    TrainingMemory memory = new TrainingMemory((long) (reservoir + recent) * LENGTH, 1.0 / 3, 70_000, 42);
    int total = 200_000;
    for (int n = 0; n < total; n++) {
      memory.add(window(n));
    }
    List<int[]> held = memory.windows();
    int older = total - recent;
    long[] tenths = new long[10];
    for (int[] w : held.subList(0, reservoir)) {
      int n = number(w);
      assertThat(n).as("a reservoir window left the ring").isLessThan(older);
      tenths[(int) ((long) n * 10 / older)]++;
    }
    double expected = reservoir / 10.0;
    double chiSquare = 0;
    for (long observed : tenths) {
      chiSquare += (observed - expected) * (observed - expected) / expected;
    }
    assertThat(chiSquare).as("chi-square of the reservoir's origins over tenths %s", java.util.Arrays.toString(tenths))
        .isLessThan(40);
    assertThat(held.stream().mapToInt(TrainingMemoryTest::number).distinct().count()).isEqualTo(reservoir + recent);
  }

  @Test
  void aRestoredMemoryGoesOnExactlyAsTheOriginal() {
    TrainingMemory original = new TrainingMemory(300 * LENGTH, 0.5, 300, 9);
    TrainingMemory restored = new TrainingMemory(300 * LENGTH, 0.5, 300, 9);
    for (int n = 0; n < 5_000; n++) {
      original.add(new int[] {n % 300, (n * 7) % 300, 1, 2});
    }
    restored.restore(original.state());
    assertThat(restored.windows()).containsExactlyElementsOf(original.windows());
    for (int n = 5_000; n < 9_000; n++) {
      original.add(new int[] {n % 300, (n * 7) % 300, 1, 2});
      restored.add(new int[] {n % 300, (n * 7) % 300, 1, 2});
    }
    assertThat(restored.windows()).containsExactlyElementsOf(original.windows());
    assertThat(restored.added()).isEqualTo(9_000);
  }

  @Test
  void storesIdsInTheNarrowestTypeTheVocabularyAllows() {
    assertThat(WindowStore.idBytesFor(256)).isEqualTo(1);
    assertThat(WindowStore.idBytesFor(257)).isEqualTo(2);
    assertThat(WindowStore.idBytesFor(65_536)).isEqualTo(2);
    assertThat(WindowStore.idBytesFor(65_537)).isEqualTo(4);
    for (int capacity : new int[] {256, 65_536, 1 << 20}) {
      WindowStore store = new WindowStore(3, 10, capacity);
      int[] extremes = {0, capacity - 1, capacity / 2};
      store.put(9, extremes);
      assertThat(store.get(9)).containsExactly(extremes);
      assertThat(store.heapBytes()).isEqualTo(10L * 3 * WindowStore.idBytesFor(capacity));
    }
  }
}
