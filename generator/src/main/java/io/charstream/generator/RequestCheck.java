package io.charstream.generator;

import io.charstream.events.PromptRequest;
import java.util.Optional;

/** What is wrong with a request, in words the sender can act on; empty when nothing is. */
final class RequestCheck {
  private RequestCheck() {}

  static Optional<String> problem(PromptRequest request, GeneratorSettings settings) {
    if (request.getRequestId() == null || request.getRequestId().isBlank()) {
      return Optional.of("the request has no request id");
    }
    String prompt = request.getPrompt();
    if (prompt == null || prompt.isEmpty()) {
      return Optional.of("the prompt is empty: give at least one character to continue");
    }
    long promptChars = prompt.codePoints().count();
    if (promptChars > settings.maxPromptChars()) {
      return Optional.of("the prompt has " + promptChars + " characters, over the cap of " + settings.maxPromptChars()
          + " (generator.max.prompt.chars)");
    }
    if (request.getMaxChars() < 1 || request.getMaxChars() > settings.maxChars()) {
      return Optional.of("maxChars must be from 1 to " + settings.maxChars() + " (generator.max.chars), got "
          + request.getMaxChars());
    }
    if (!(request.getTemperature() >= 0) || Double.isInfinite(request.getTemperature())) {
      return Optional.of("temperature must be 0 (greedy) or more, got " + request.getTemperature());
    }
    if (request.getTopK() != null && request.getTopK() < 1) {
      return Optional.of("topK must be at least 1 when given, got " + request.getTopK());
    }
    return Optional.empty();
  }
}
