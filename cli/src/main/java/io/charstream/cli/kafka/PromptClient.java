package io.charstream.cli.kafka;

import io.charstream.events.Generation;
import io.charstream.events.PromptRequest;
import io.charstream.schemas.Topics;
import io.charstream.service.CommonSettings;
import io.charstream.service.ServiceStartup;
import io.charstream.service.answers.AnswerFollower;
import io.charstream.service.answers.AnswerListener;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Sends one prompt request and waits for its answer on generations (and, when streamed, its chunks). */
public final class PromptClient {
  private PromptClient() {}

  /** @return the answer, or empty when none came within the wait */
  public static Optional<Generation> ask(CommonSettings common, PromptRequest request, Duration wait) {
    return ask(common, request, wait, piece -> {}, () -> {});
  }

  /**
   * @param pieces told the text as it streams in (for a streamed request), then the rest of the
   *     final text; all pieces since the last restart add up to the answer's text
   * @param restarted told when the generator writing the answer died and another began again
   * @return the answer, or empty when none came within the wait
   */
  public static Optional<Generation> ask(CommonSettings common, PromptRequest request, Duration wait,
      Consumer<String> pieces, Runnable restarted) {
    Topics topics = common.topics();
    ServiceStartup.checkBrokerAndCreateTopics(common.kafka(), List.of(topics.prompts, topics.generations,
        topics.generationChunks), "charstream-prompt");
    CompletableFuture<Generation> answer = new CompletableFuture<>();
    // Positioned at the end before the request is sent, so the answer cannot be missed.
    try (AnswerFollower follower = new AnswerFollower(common.kafka(), topics, "charstream-prompt");
        KafkaProducer<String, PromptRequest> producer = new KafkaProducer<>(
            common.kafka().producerConfig("charstream-prompt"), topics.prompts.keySerde().serializer(),
            topics.prompts.valueSerde().serializer())) {
      follower.expect(request.getRequestId(), new AnswerListener() {
        @Override
        public void text(String piece) {
          pieces.accept(piece);
        }

        @Override
        public void restarted() {
          restarted.run();
        }

        @Override
        public void answered(Generation generation) {
          answer.complete(generation);
        }
      });
      producer.send(new ProducerRecord<>(topics.prompts.name(), request.getRequestId(), request));
      producer.flush();
      return Optional.of(answer.get(wait.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
