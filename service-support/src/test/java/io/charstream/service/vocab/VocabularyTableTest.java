package io.charstream.service.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VocabularyTableTest {

  @Test
  void givesIdsFromOneInOrderOfFirstAppearanceAndKeepsZeroForUnknown() {
    VocabularyTable table = new VocabularyTable(256);
    Map<String, Integer> proposal = table.proposeIds(table.unknownCharacters("abca"));
    assertThat(proposal).containsExactly(Map.entry("a", 1), Map.entry("b", 2), Map.entry("c", 3));
    proposal.forEach(table::record);

    assertThat(table.encode("cab?")).containsExactly(3, 1, 2, VocabularyTable.UNKNOWN_ID);
    assertThat(table.decode(List.of(1, 2, 3))).isEqualTo("abc");
  }

  @Test
  void treatsACodePointOutsideTheBasicPlaneAsOneCharacter() {
    VocabularyTable table = new VocabularyTable(16);
    table.proposeIds(table.unknownCharacters("😀x")).forEach(table::record);
    assertThat(table.encode("😀x")).containsExactly(1, 2);
  }

  @Test
  void mapsCharactersPastTheCapacityToTheUnknownId() {
    VocabularyTable table = new VocabularyTable(3);
    Map<String, Integer> proposal = table.proposeIds(List.of("a", "b", "c"));
    assertThat(proposal).containsOnlyKeys("a", "b");
    proposal.forEach(table::record);
    assertThat(table.encode("abc")).containsExactly(1, 2, VocabularyTable.UNKNOWN_ID);
    assertThat(table.proposeIds(List.of("c"))).isEmpty();
  }

  @Test
  void neverChangesAnIdOnceGiven() {
    VocabularyTable table = new VocabularyTable(8);
    assertThat(table.record("a", 1)).isTrue();
    assertThat(table.record("a", 1)).isTrue();
    assertThat(table.record("a", 5)).isFalse();
    assertThat(table.idOf("a")).contains(1);
  }
}
