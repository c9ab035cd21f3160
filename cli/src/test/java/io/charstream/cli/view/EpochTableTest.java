package io.charstream.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EpochTableTest {

  @Test
  void plainRowsStartWithTheEpochAndHoldEveryFigure() {
    EpochTable table = new EpochTable(false);
    String row = table.row(ViewTestData.epoch(7, 1.23456, 0.5, 1.5, 0.45));

    assertThat(table.header()).startsWith("epoch").contains("loss", "accuracy", "val_loss", "val_accuracy", "val_recent", "chars/s");
    assertThat(row).startsWith("7 ").containsSubsequence("1.2346", "0.5000", "1.5000", "0.4500", "12346");
    assertThat(row + table.header()).matches("\\p{ASCII}*");
    assertThat(table.footer()).isEmpty();
  }

  @Test
  void aMissingValidationShowsADash() {
    String row = new EpochTable(false).row(ViewTestData.epoch(1, 2.0, 0.1, null, null));
    assertThat(row.split("\\s+")).containsExactly("1", "2.0000", "0.1000", "-", "-", "-", "12346");
  }

  @Test
  void boxedRowsLineUpWithTheHeader() {
    EpochTable table = new EpochTable(true);
    String[] header = table.header().split("\n");
    String row = table.row(ViewTestData.epoch(12, 0.9, 0.7, 1.1, 0.6));

    assertThat(header).hasSize(3);
    assertThat(header[0]).startsWith("┌").endsWith("┐");
    assertThat(row).startsWith("│").endsWith("│").contains("12,346").hasSameSizeAs(header[1]);
    assertThat(table.footer()).startsWith("└").hasSameSizeAs(header[0]);
  }
}
