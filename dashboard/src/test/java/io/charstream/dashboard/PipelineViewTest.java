package io.charstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.charstream.events.EpochMetrics;
import io.charstream.events.ModelSnapshot;
import io.charstream.events.VocabEntry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineViewTest {

  /** A page that records what it is sent, and can go away. */
  private static final class Page implements Viewer {
    final List<String> events = new ArrayList<>();
    final List<JsonNode> data = new ArrayList<>();
    boolean gone;

    @Override
    public boolean send(String event, String json) {
      if (gone) {
        return false;
      }
      events.add(event);
      try {
        data.add(Json.MAPPER.readTree(json));
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + json, e);
      }
      return true;
    }

    @Override
    public void close() {
      gone = true;
    }
  }

  private static EpochMetrics epoch(String model, int epoch, double trainLoss, Double validationLoss) {
    return EpochMetrics.newBuilder().setModelName(model).setVersion(epoch).setEpoch(epoch).setTrainLoss(trainLoss)
        .setTrainAccuracy(0.5).setValidationLoss(validationLoss).setSequencesSeen(1).setCharactersSeen(1)
        .setCharactersPerSecond(1).setWallTimeMs(1).setTimestampMs(1).build();
  }

  private static ModelSnapshot version(int version, boolean best) {
    return ModelSnapshot.newBuilder().setModelName("m").setVersion(version).setEpoch(version)
        .setMetrics(epoch("m", version, 2.0 / version, 2.1 / version)).setBest(best).setVocab(List.of())
        .setVocabCapacity(8).setModelBytes(ByteBuffer.wrap(new byte[] {1})).build();
  }

  @Test
  void aPageOpenedLateGetsEverySoFarThenOnlyWhatIsNew() {
    PipelineView view = new PipelineView("m");
    view.epoch(epoch("m", 1, 2.5, null), 1000);
    view.epoch(epoch("other", 1, 9.9, null), 1000);
    view.vocabulary(new VocabEntry("a", 1));
    Page page = new Page();
    view.open(page);
    view.epoch(epoch("m", 2, 2.0, 2.2), 2000);

    assertThat(page.events).containsExactly("state", "epoch");
    JsonNode state = page.data.get(0);
    assertThat(state.get("epochs")).as("model m's epochs only").hasSize(1);
    assertThat(state.get("epochs").get(0).get("trainLoss").asDouble()).isEqualTo(2.5);
    assertThat(state.get("epochs").get(0).get("publishedMs").asLong()).isEqualTo(1000);
    assertThat(state.get("vocabulary").get(0).get("char").asText()).isEqualTo("a");
    assertThat(page.data.get(1).get("validationLoss").asDouble()).isEqualTo(2.2);
  }

  @Test
  void oneVersionIsMarkedBestAndAPrunedVersionLeaves() {
    PipelineView view = new PipelineView("m");
    view.version(version(1, true));
    view.version(version(2, true));
    view.version(version(3, false));
    view.versionRemoved(1);
    Page page = new Page();
    view.open(page);
    JsonNode versions = page.data.get(0).get("versions");
    assertThat(versions).hasSize(2);
    assertThat(versions.get(0).get("version").asLong()).isEqualTo(2);
    assertThat(versions.get(0).get("best").asBoolean()).isTrue();
    assertThat(versions.get(1).get("best").asBoolean()).isFalse();
  }

  @Test
  void keepsTheNewestEpochsOnly() {
    PipelineView view = new PipelineView("m");
    for (int epoch = 1; epoch <= PipelineView.MAX_EPOCHS + 1; epoch++) {
      view.epoch(epoch("m", epoch, 1.0, null), epoch);
    }
    Page page = new Page();
    view.open(page);
    JsonNode epochs = page.data.get(0).get("epochs");
    assertThat(epochs).hasSize(PipelineView.MAX_EPOCHS);
    assertThat(epochs.get(0).get("epoch").asInt()).isEqualTo(2);
  }

  @Test
  void aPageThatWentIsSentNothingMore() {
    PipelineView view = new PipelineView("m");
    Page page = new Page();
    view.open(page);
    page.gone = true;
    view.epoch(epoch("m", 1, 2.5, null), 1);
    assertThat(view.viewers()).isZero();
  }
}
