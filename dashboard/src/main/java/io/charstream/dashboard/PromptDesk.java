package io.charstream.dashboard;

import io.charstream.events.PromptRequest;
import io.charstream.schemas.Topics;
import io.charstream.service.KafkaConnection;
import io.charstream.service.answers.AnswerFollower;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The page's prompt box: sends streamed prompt requests to the prompts topic as any client would,
 * within a rate shared by every viewer, and keeps each request's answer for the page that asked.
 * It can ask for continuations and nothing else.
 */
final class PromptDesk implements AutoCloseable {
  /** A session whose page never came for its answer is dropped after this long. */
  private static final long SESSION_MS = 5 * 60_000;

  /** Why a prompt was not sent, with the HTTP status that says so. */
  static final class Refused extends Exception {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private final DashboardSettings settings;
  private final Topics topics;
  private final AnswerFollower answers;
  private final KafkaProducer<String, PromptRequest> producer;
  private final Map<String, PromptSession> sessions = new ConcurrentHashMap<>();
  private final PromptRate rate;

  PromptDesk(DashboardSettings settings, KafkaConnection kafka, String clientId) {
    this.settings = settings;
    this.rate = new PromptRate(settings.promptsPerMinute());
    this.topics = settings.common().topics();
    this.answers = new AnswerFollower(kafka, topics, clientId + "-answers");
    this.producer = new KafkaProducer<>(kafka.producerConfig(clientId + "-prompts"),
        topics.prompts.keySerde().serializer(), topics.prompts.valueSerde().serializer());
  }

  PromptSession ask(String prompt, int chars, double temperature) throws Refused {
    if (settings.promptsPerMinute() == 0) {
      throw new Refused(403, "the prompt box is off (web.prompts.per.minute is 0)");
    }
    if (chars < 1 || chars > settings.maxPromptChars()) {
      throw new Refused(400, "characters must be between 1 and " + settings.maxPromptChars() + ", got " + chars);
    }
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new Refused(400, "temperature must be 0 (greedy) or more, got " + temperature);
    }
    OptionalLong wait = rate.take(System.currentTimeMillis());
    if (wait.isPresent()) {
      throw new Refused(429, "the prompt box takes " + settings.promptsPerMinute()
          + " prompts a minute (web.prompts.per.minute); try again in " + wait.getAsLong() + " s");
    }
    dropAbandoned();
    String requestId = "web-" + UUID.randomUUID();
    PromptSession session = new PromptSession(requestId);
    sessions.put(requestId, session);
    answers.expect(requestId, session);
    producer.send(new ProducerRecord<>(topics.prompts.name(), requestId, PromptRequest.newBuilder()
        .setRequestId(requestId).setPrompt(prompt).setMaxChars(chars).setTemperature(temperature)
        .setModelName(settings.modelName()).setTimestampMs(System.currentTimeMillis()).setStream(true).build()));
    producer.flush();
    return session;
  }

  Optional<PromptSession> session(String requestId) {
    return Optional.ofNullable(sessions.get(requestId));
  }

  /** Done with a session once its page has its answer. */
  void finished(PromptSession session) {
    if (session.isAnswered()) {
      sessions.remove(session.requestId);
    }
  }

  private void dropAbandoned() {
    long now = System.currentTimeMillis();
    sessions.values().removeIf(session -> {
      boolean abandoned = now - session.createdMs > SESSION_MS;
      if (abandoned) {
        answers.forget(session.requestId);
      }
      return abandoned;
    });
  }

  @Override
  public void close() {
    answers.close();
    producer.close();
  }
}
