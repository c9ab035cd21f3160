package io.charstream.generator;

import io.charstream.events.ModelSnapshot;
import io.charstream.schemas.ModelKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The few model versions loaded for generation most recently, by model and version; the least recently used goes first. */
final class ModelCache {
  private static final Logger log = LoggerFactory.getLogger(ModelCache.class);
  private static final int CACHED_MODELS = 3;

  private final Map<String, ServedModel> loaded = new LinkedHashMap<>(4, 0.75f, true);

  ServedModel load(ModelSnapshot snapshot) {
    String key = ModelKey.of(snapshot.getModelName(), snapshot.getVersion());
    ServedModel model = loaded.get(key);
    if (model == null) {
      model = ServedModel.load(snapshot);
      loaded.put(key, model);
      if (loaded.size() > CACHED_MODELS) {
        loaded.remove(loaded.keySet().iterator().next());
      }
      log.info("serving model {} version {}", model.name, model.version);
    }
    return model;
  }
}
