package io.charstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunksTest {

  @Test
  void cutsAListIntoConsecutivePiecesTheLastOneShorter() {
    assertThat(Chunks.of(List.of(1, 2, 3, 4, 5, 6, 7), 3)).containsExactly(List.of(1, 2, 3), List.of(4, 5, 6), List.of(7));
    assertThat(Chunks.of(List.of(1, 2, 3, 4), 2)).containsExactly(List.of(1, 2), List.of(3, 4));
    assertThat(Chunks.of(List.of(1, 2), 5)).containsExactly(List.of(1, 2));
  }

  @Test
  void anEmptyListHasNoPieces() {
    assertThat(Chunks.of(List.of(), 4)).isEmpty();
  }

  @Test
  void refusesPiecesOfNoElements() {
    assertThatThrownBy(() -> Chunks.of(List.of(1), 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
