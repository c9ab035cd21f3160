package io.charstream.windowing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WindowCutterTest {

  private record Cut(long index, long start, int[] ids) {}

  private static List<Cut> cutInPieces(WindowCutter cutter, int[] ids, int pieceLength) {
    List<Cut> cuts = new ArrayList<>();
    WindowState state = WindowState.EMPTY;
    for (int from = 0; from < ids.length; from += pieceLength) {
      int[] piece = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + pieceLength));
      state = cutter.append(state, piece, (index, start, span, offset) ->
          cuts.add(new Cut(index, start, Arrays.copyOfRange(span, offset, offset + cutter.length()))));
      state = WindowState.fromBytes(state.toBytes());
    }
    return cuts;
  }

  private static int[] ids(int count) {
    return IntStream.range(0, count).toArray();
  }

  @Test
  void cutsTheSeeds198IdsInto99WindowsOfLength100AtStride1() {
    List<Cut> cuts = cutInPieces(new WindowCutter(100, 1), ids(198), 198);
    assertThat(cuts).hasSize(99);
    for (int k = 0; k < cuts.size(); k++) {
      assertThat(cuts.get(k).index()).isEqualTo(k);
      assertThat(cuts.get(k).start()).isEqualTo(k);
      assertThat(cuts.get(k).ids()).isEqualTo(Arrays.copyOfRange(ids(198), k, k + 100));
    }
  }

  @Test
  void cutsTheSameWindowsWhateverTheEventBoundaries() {
    WindowCutter cutter = new WindowCutter(10, 3);
    List<Cut> whole = cutInPieces(cutter, ids(100), 100);
    for (int piece : new int[] {1, 2, 7, 13, 99}) {
      List<Cut> pieces = cutInPieces(cutter, ids(100), piece);
      assertThat(pieces).hasSameSizeAs(whole);
      for (int i = 0; i < whole.size(); i++) {
        assertThat(pieces.get(i).start()).isEqualTo(whole.get(i).start());
        assertThat(pieces.get(i).ids()).isEqualTo(whole.get(i).ids());
      }
    }
    assertThat(whole).hasSize((100 - 10) / 3 + 1);
  }

  @Test
  void aStrideLongerThanTheWindowSkipsIdsBetweenWindows() {
    List<Cut> cuts = cutInPieces(new WindowCutter(3, 5), ids(23), 4);
    assertThat(cuts).extracting(Cut::start).containsExactly(0L, 5L, 10L, 15L, 20L);
    assertThat(cuts.get(4).ids()).containsExactly(20, 21, 22);
  }

  @Test
  void keepsNoMoreThanTheNextWindowNeeds() {
    WindowCutter cutter = new WindowCutter(100, 99);
    WindowState state = cutter.append(WindowState.EMPTY, ids(10_000), (i, s, span, from) -> { });
    assertThat(state.buffer().length).isLessThan(100);
    assertThat(state.nextPosition()).isEqualTo(10_000);
  }

  @Test
  void resumesAfterAGapAtTheNextWindowStart() {
    WindowCutter cutter = new WindowCutter(4, 3);
    WindowState state = cutter.restartAt(10);
    assertThat(state.nextWindow()).isEqualTo(4);
    List<Long> starts = new ArrayList<>();
    cutter.append(state, ids(10), (i, start, span, from) -> starts.add(start));
    assertThat(starts).containsExactly(12L, 15L);
  }
}
