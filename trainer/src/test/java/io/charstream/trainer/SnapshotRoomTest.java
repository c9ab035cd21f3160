package io.charstream.trainer;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SnapshotRoomTest {
  private static final long MB = 1L << 20;
  private static final long CAP = 64 * MB;

  @Test
  void snapshotsUnderTheCapWithHeapForThreeCopiesAndTheReservePass() {
    long file = 25 * MB;
    long memories = 5 * MB;
    assertThatCode(() -> SnapshotRoom.check("m", 2_000_000, file, memories, CAP, SnapshotRoom.heapNeeded(file + memories)))
        .doesNotThrowAnyException();
    assertThatCode(() -> SnapshotRoom.check("m", 2_000_000, file, memories, file + memories, 512 * MB))
        .doesNotThrowAnyException();
  }

  @Test
  void aSnapshotOverTheCapIsRefusedBeforeAnyEpoch() {
    assertThatThrownBy(() -> SnapshotRoom.check("big", 13_100_000, 157 * MB, 5 * MB, CAP, 8192 * MB))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model big has 13,100,000 parameters: its snapshots take about 162 MB")
        .hasMessageContaining("over max.snapshot.bytes (64 MB)");
  }

  @Test
  void aHeapTooSmallForTheSnapshotsIsRefusedWithTheSizeToSet() {
    assertThatThrownBy(() -> SnapshotRoom.check("big", 13_100_000, 157 * MB, 5 * MB, 256 * MB, 512 * MB))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("need a trainer heap of at least 614 MB, but this one has 512 MB")
        .hasMessageContaining("-Xmx to 768m in docker/trainer.env");
    long snapshot = 30 * MB;
    assertThatThrownBy(() -> SnapshotRoom.check("m", 1, snapshot, 0, CAP, SnapshotRoom.heapNeeded(snapshot) - 1))
        .isInstanceOf(IllegalStateException.class);
  }
}
