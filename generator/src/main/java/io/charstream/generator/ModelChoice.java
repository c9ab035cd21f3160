package io.charstream.generator;

import io.charstream.events.ModelSnapshot;
import io.charstream.events.PromptRequest;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Which model version answers a request: the model it names (this generator's {@code model.name}
 * when it names none), the version it names or else the served one (newest or best). Never
 * another model's: a request for a model with no version gets an error answer naming it.
 */
final class ModelChoice {
  /** A client that read an epoch's metrics may ask for its snapshot a moment before this generator has read it. */
  private static final long NEWER_VERSION_WAIT_MS = 5_000;
  private static final long RECHECK_MS = 100;

  /** The chosen snapshot, or why there is none. */
  record Choice(Optional<ModelSnapshot> snapshot, String problem) {}

  private final GeneratorSettings settings;
  private final ModelWatcher models;
  private final BooleanSupplier stopping;

  ModelChoice(GeneratorSettings settings, ModelWatcher models, BooleanSupplier stopping) {
    this.settings = settings;
    this.models = models;
    this.stopping = stopping;
  }

  /**
   * Waits for the generator's own model while none exists yet (up to generator.model.wait.ms), and
   * briefly for a named version newer than any seen; a model that is not the generator's own and has
   * no version is answered at once, so that a mistyped name does not hold up other requests.
   */
  Choice choose(PromptRequest request, long receivedMs) {
    String model = modelOf(request);
    Long version = request.getModelVersion();
    boolean ownModel = model.equals(settings.modelName());
    long deadline = receivedMs + (version == null ? settings.modelWaitMs()
        : Math.min(settings.modelWaitMs(), NEWER_VERSION_WAIT_MS));
    while (true) {
      Optional<ModelSnapshot> served = version != null ? models.version(model, version)
          : settings.serveBest() ? models.best(model).or(() -> models.newest(model)) : models.newest(model);
      if (served.isPresent()) {
        return new Choice(served, null);
      }
      long newest = models.newest(model).map(ModelSnapshot::getVersion).orElse(0L);
      boolean mayComeYet = version != null ? version > newest && (ownModel || newest > 0) : ownModel;
      if (!mayComeYet || System.currentTimeMillis() >= deadline || stopping.getAsBoolean()) {
        return new Choice(Optional.empty(), problem(model, version));
      }
      try {
        Thread.sleep(RECHECK_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Choice(Optional.empty(), problem(model, version));
      }
    }
  }

  String modelOf(PromptRequest request) {
    String named = request.getModelName();
    return named == null || named.isBlank() ? settings.modelName() : named;
  }

  private String problem(String model, Long version) {
    if (models.newest(model).isEmpty()) {
      return model.equals(settings.modelName())
          ? "no model of " + model + " exists yet: wait for the trainer's first epoch"
          : "no model named '" + model + "' is on the models topic (models there: "
              + (models.names().isEmpty() ? "none" : String.join(", ", models.names())) + ")";
    }
    return "model version " + version + " of " + model + " is not available";
  }
}
