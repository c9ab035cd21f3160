package io.charstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.events.EpochMetrics;
import io.charstream.events.ModelSnapshot;
import io.charstream.schemas.ModelKey;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model's history on a models topic that other models share. */
class SnapshotHistoryTest {

  private static ModelSnapshot snapshot(String model, long version, double validationLoss) {
    EpochMetrics metrics = EpochMetrics.newBuilder().setModelName(model).setVersion(version).setEpoch((int) version)
        .setTrainLoss(1).setTrainAccuracy(0.5).setValidationLoss(validationLoss).setSequencesSeen(1)
        .setCharactersSeen(1).setCharactersPerSecond(1).setWallTimeMs(1).setTimestampMs(1).build();
    return ModelSnapshot.newBuilder().setModelName(model).setVersion(version).setEpoch((int) version)
        .setMetrics(metrics).setVocab(List.of()).setVocabCapacity(8).setModelBytes(ByteBuffer.allocate(0)).build();
  }

  private static void put(SnapshotHistory history, ModelSnapshot snapshot) {
    history.apply(ModelKey.of(snapshot.getModelName(), snapshot.getVersion()), snapshot);
  }

  @Test
  void anotherModelsPruningLeavesThisModelsVersionsAndBestAlone() {
    SnapshotHistory alpha = new SnapshotHistory("alpha");
    put(alpha, snapshot("alpha", 1, 2.0));
    put(alpha, snapshot("alpha", 2, 1.2)); // alpha's best
    put(alpha, snapshot("beta", 2, 0.5));
    put(alpha, snapshot("alpha", 3, 1.5));
    alpha.apply(ModelKey.of("beta", 2), null); // beta prunes its version 2
    alpha.apply(ModelKey.of("beta", 1), null);

    assertThat(alpha.versions).containsOnlyKeys(1L, 2L, 3L);
    assertThat(alpha.bestValidationLoss()).isEqualTo(1.2);
    assertThat(alpha.newest()).map(ModelSnapshot::getVersion).contains(3L);
  }

  @Test
  void itsOwnTombstonesDeleteItsVersions() {
    SnapshotHistory alpha = new SnapshotHistory("alpha");
    put(alpha, snapshot("alpha", 1, 0.9));
    put(alpha, snapshot("alpha", 2, 1.2));
    alpha.apply(ModelKey.of("alpha", 1), null);

    assertThat(alpha.versions).containsOnlyKeys(2L);
    assertThat(alpha.bestValidationLoss()).isEqualTo(1.2);
  }

  @Test
  void aModelWhoseNameEndsLikeAnotherIsAnotherModel() {
    SnapshotHistory alpha = new SnapshotHistory("alpha");
    put(alpha, snapshot("alpha", 1, 0.9));
    put(alpha, snapshot("x@alpha", 1, 0.1));
    alpha.apply(ModelKey.of("x@alpha", 1), null);
    assertThat(alpha.versions).containsOnlyKeys(1L);
    assertThat(alpha.bestValidationLoss()).isEqualTo(0.9);
  }
}
