package io.charstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptRateTest {
  @Test
  void allowsSoManyInAnyMinuteAndSaysHowLongToWait() {
    PromptRate rate = new PromptRate(2);
    assertThat(rate.take(0)).isEmpty();
    assertThat(rate.take(10_000)).isEmpty();
    assertThat(rate.take(20_000)).hasValue(40);
    assertThat(rate.take(59_999)).hasValue(1);
    assertThat(rate.take(60_000)).as("the first has left the minute").isEmpty();
    assertThat(rate.take(60_001)).hasValue(10);
  }

  @Test
  void zeroAllowsNone() {
    assertThat(new PromptRate(0).take(0)).isPresent();
  }
}
