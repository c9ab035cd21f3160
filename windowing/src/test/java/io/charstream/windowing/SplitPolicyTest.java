package io.charstream.windowing;

import static io.charstream.windowing.SplitPolicy.Split.DROPPED;
import static io.charstream.windowing.SplitPolicy.Split.TRAIN;
import static io.charstream.windowing.SplitPolicy.Split.VALIDATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SplitPolicyTest {

  @Test
  void splitsTheSeedsNinetyNineWindowsInto80TrainAnd19Validation() {
    SplitPolicy split = new SplitPolicy(100, 0.2, 0);
    assertThat(LongStream.range(0, 80).mapToObj(split::assign)).containsOnly(TRAIN);
    assertThat(LongStream.range(80, 99).mapToObj(split::assign)).containsOnly(VALIDATION);
  }

  @Test
  void dropsTheGapOnTheValidationSideOfBothBoundaries() {
    SplitPolicy split = new SplitPolicy(10, 0.5, 1);
    assertThat(LongStream.range(0, 20).mapToObj(split::assign)).containsExactly(
        TRAIN, TRAIN, TRAIN, TRAIN, TRAIN, DROPPED, VALIDATION, VALIDATION, VALIDATION, DROPPED,
        TRAIN, TRAIN, TRAIN, TRAIN, TRAIN, DROPPED, VALIDATION, VALIDATION, VALIDATION, DROPPED);
  }

  @Test
  void theAutomaticGapKeepsOverlappingWindowsApart() {
    assertThat(SplitPolicy.gapKeepingValidationApart(100, 1)).isEqualTo(99);
    assertThat(SplitPolicy.gapKeepingValidationApart(100, 99)).isEqualTo(1);
    assertThat(SplitPolicy.gapKeepingValidationApart(100, 100)).isEqualTo(0);
    assertThat(SplitPolicy.gapKeepingValidationApart(100, 30)).isEqualTo(3);
  }

  @Test
  void refusesASplitThatLeavesNoValidationWindow() {
    assertThatThrownBy(() -> new SplitPolicy(100, 0.2, 99)).hasMessageContaining("leaves no validation window");
  }

  @Test
  void aFractionOfZeroTrainsOnEverything() {
    SplitPolicy split = new SplitPolicy(10, 0, 3);
    assertThat(LongStream.range(0, 30).mapToObj(split::assign)).containsOnly(TRAIN);
  }
}
