package io.charstream.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossChartTest {

  private static List<String> plotRows(String chart) {
    return Arrays.stream(chart.split("\n")).filter(line -> line.length() > 8 && "|+".indexOf(line.charAt(8)) >= 0)
        .filter(line -> !line.substring(8).startsWith("+-")).toList();
  }

  @Test
  void theHighestLossIsOnTheTopRowAndTheLowestOnTheBottom() {
    String chart = LossChart.render(ViewTestData.falling(10), 80, false);
    List<String> rows = plotRows(chart);

    assertThat(rows).hasSize(12);
    assertThat(rows.get(0)).startsWith("  2.400 +").contains("o");
    assertThat(rows.get(11).trim()).startsWith("1.130 +").contains("*");
    // Epoch 1's training loss (2.30) sits in the first column, below the top row.
    int firstColumn = 9;
    assertThat(rows.get(0).length() > firstColumn && rows.get(0).charAt(firstColumn) == 'o').isTrue();
    assertThat(rows.stream().filter(r -> r.length() > firstColumn && r.charAt(firstColumn) == '*').count()).isEqualTo(1);
    assertThat(chart).contains("epoch 1", "10", "* loss", "o val_loss");
  }

  @Test
  void aTerminalGetsUnicodeMarksAndALogGetsAscii() {
    assertThat(LossChart.render(ViewTestData.falling(3), 80, true)).contains("●", "○", "└");
    assertThat(LossChart.render(ViewTestData.falling(3), 80, false)).matches("(?s)\\p{ASCII}*");
  }

  @Test
  void oneEpochOrNoneStillDraws() {
    assertThat(LossChart.render(ViewTestData.falling(1), 80, false)).contains("epoch 1", "*");
    assertThat(LossChart.render(List.of(), 80, false)).contains("no epochs");
  }

  @Test
  void staysWithinTheTerminalWidth() {
    String chart = LossChart.render(ViewTestData.falling(17).subList(0, 17), 50, false);
    assertThat(chart.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(50));
  }
}
