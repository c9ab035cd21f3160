package io.charstream.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.charstream.events.EpochMetrics;
import io.charstream.events.ModelSnapshot;
import io.charstream.events.TrainingProgress;
import io.charstream.events.VocabEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the page shows of one model, kept as the topics are read, and the pages that show it: a
 * page that opens is sent everything so far ({@code state}), then each change as it happens.
 * Every change and every opening goes through one lock, so a page misses nothing and sees nothing twice.
 */
final class PipelineView {
  /** Epochs kept for a page that opens: a model trained for weeks has more than a chart can show. */
  static final int MAX_EPOCHS = 10_000;

  private final String modelName;
  private final List<ObjectNode> epochs = new ArrayList<>();
  private final Map<Long, ObjectNode> versions = new TreeMap<>();
  private final Map<Integer, String> vocabulary = new TreeMap<>();
  private ObjectNode progress;
  private ArrayNode services = Json.MAPPER.createArrayNode();
  private final List<Viewer> viewers = new CopyOnWriteArrayList<>();

  PipelineView(String modelName) {
    this.modelName = modelName;
  }

  String modelName() {
    return modelName;
  }

  int viewers() {
    return viewers.size();
  }

  synchronized void open(Viewer viewer) {
    ObjectNode state = Json.object().put("model", modelName);
    state.putArray("epochs").addAll(epochs);
    state.putArray("versions").addAll(versions.values());
    state.set("vocabulary", vocabularyJson());
    state.set("progress", progress);
    state.set("services", services);
    if (viewer.send("state", Json.write(state))) {
      viewers.add(viewer);
    }
  }

  void close(Viewer viewer) {
    viewers.remove(viewer);
  }

  /**
   * @param publishedMs when the trainer published it (the record's timestamp), so that a page can
   *     tell how late it drew it
   */
  synchronized void epoch(EpochMetrics metrics, long publishedMs) {
    if (!modelName.equals(metrics.getModelName())) {
      return;
    }
    ObjectNode epoch = Json.of(metrics).put("publishedMs", publishedMs);
    epochs.add(epoch);
    if (epochs.size() > MAX_EPOCHS) {
      epochs.remove(0);
    }
    push("epoch", epoch);
  }

  synchronized void progress(TrainingProgress event) {
    if (!modelName.equals(event.getModelName())) {
      return;
    }
    progress = Json.of(event);
    push("progress", progress);
  }

  synchronized void version(ModelSnapshot snapshot) {
    if (!modelName.equals(snapshot.getModelName())) {
      return;
    }
    EpochMetrics metrics = snapshot.getMetrics();
    ObjectNode version = Json.object().put("version", snapshot.getVersion()).put("epoch", snapshot.getEpoch())
        .put("best", snapshot.getBest()).put("trainLoss", metrics.getTrainLoss())
        .put("validationLoss", metrics.getValidationLoss()).put("validationAccuracy", metrics.getValidationAccuracy())
        .put("consumedCharacters", snapshot.getConsumedCharacters()).put("timestampMs", metrics.getTimestampMs());
    if (snapshot.getArchitecture() != null) {
      version.put("cell", snapshot.getArchitecture().getCell()).put("layers", snapshot.getArchitecture().getLayers())
          .put("hiddenSize", snapshot.getArchitecture().getHiddenSize());
    }
    if (snapshot.getBest()) {
      // One version is the best: the newest that says so.
      versions.values().forEach(other -> other.put("best", false));
    }
    versions.put(snapshot.getVersion(), version);
    push("version", version);
  }

  /** A version pruned from the models topic (a tombstone). */
  synchronized void versionRemoved(long version) {
    if (versions.remove(version) != null) {
      push("versionRemoved", Json.object().put("version", version));
    }
  }

  synchronized void vocabulary(VocabEntry entry) {
    vocabulary.put(entry.getId(), entry.getChar$());
    push("vocabulary", vocabularyJson());
  }

  synchronized void services(ArrayNode now) {
    services = now;
    push("services", now);
  }

  private ArrayNode vocabularyJson() {
    ArrayNode entries = Json.MAPPER.createArrayNode();
    vocabulary.forEach((id, character) -> entries.add(Json.object().put("id", id).put("char", character)));
    return entries;
  }

  private void push(String event, com.fasterxml.jackson.databind.JsonNode data) {
    String json = Json.write(data);
    viewers.removeIf(viewer -> !viewer.send(event, json));
  }
}
