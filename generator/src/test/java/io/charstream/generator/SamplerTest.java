package io.charstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplerTest {
  private static final float[] P = {0.4f, 0.1f, 0.3f, 0.15f, 0.05f};
  private static final boolean[] ALL_BUT_UNKNOWN = {false, true, true, true, true};

  @Test
  void temperatureZeroIsGreedyAmongAllowedIds() {
    assertThat(Sampler.sample(P, ALL_BUT_UNKNOWN, 0, 0, new Random(1))).isEqualTo(2);
  }

  @Test
  void neverSamplesAnIdThatIsNotAllowed() {
    Random random = new Random(3);
    for (int i = 0; i < 2000; i++) {
      assertThat(Sampler.sample(P, ALL_BUT_UNKNOWN, 1.5, 0, random)).isNotZero();
    }
  }

  @Test
  void topKKeepsOnlyTheMostLikelyIds() {
    Random random = new Random(5);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      seen.add(Sampler.sample(P, ALL_BUT_UNKNOWN, 1.0, 2, random));
    }
    assertThat(seen).containsExactlyInAnyOrder(2, 3);
  }

  @Test
  void theSameSeedGivesTheSameSamples() {
    Random a = new Random(42);
    Random b = new Random(42);
    for (int i = 0; i < 100; i++) {
      assertThat(Sampler.sample(P, ALL_BUT_UNKNOWN, 1.0, 0, a)).isEqualTo(Sampler.sample(P, ALL_BUT_UNKNOWN, 1.0, 0, b));
    }
  }

  @Test
  void samplesInProportionToTheProbabilitiesAtTemperatureOne() {
    Random random = new Random(9);
    int[] counts = new int[5];
    for (int i = 0; i < 20_000; i++) {
      counts[Sampler.sample(P, ALL_BUT_UNKNOWN, 1.0, 0, random)]++;
    }
    // Allowed mass is 0.6: id 2 should come up about half the time.
    assertThat(counts[2] / 20_000.0).isBetween(0.47, 0.53);
  }
}
