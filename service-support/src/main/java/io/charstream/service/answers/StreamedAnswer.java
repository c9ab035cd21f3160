package io.charstream.service.answers;

import io.charstream.events.Generation;
import io.charstream.events.GenerationChunk;

/**
 * One request's answer as it streams in: keeps the chunks of the attempt being shown in index
 * order, starts over when a new attempt begins, and on the final answer makes what was shown
 * equal its text (chunks of the answered attempt may arrive after the answer, or a reader may
 * have seen none). Not thread-safe: one reader thread feeds it.
 */
final class StreamedAnswer {
  private final AnswerListener listener;
  private final StringBuilder shown = new StringBuilder();
  private String attempt;
  private int nextIndex;
  private boolean done;

  StreamedAnswer(AnswerListener listener) {
    this.listener = listener;
  }

  void chunk(GenerationChunk chunk) {
    if (done) {
      return;
    }
    String chunkAttempt = chunk.getAttempt();
    if (!chunkAttempt.equals(attempt)) {
      if (chunk.getIndex() != 0) {
        return; // the middle of an attempt this reader did not see begin: wait for the answer
      }
      if (attempt != null) {
        shown.setLength(0);
        listener.restarted();
      }
      attempt = chunkAttempt;
      nextIndex = 0;
    }
    if (chunk.getIndex() != nextIndex) {
      return; // a repeat: the producer is idempotent, so only a reader's own re-read can cause one
    }
    nextIndex++;
    shown.append(chunk.getText());
    listener.text(chunk.getText());
  }

  /** The final answer: what is shown is made its text, then the listener is told. */
  void answered(Generation answer) {
    if (done) {
      return;
    }
    done = true;
    String text = answer.getText();
    if (text != null) {
      boolean sameAttempt = attempt != null && attempt.equals(answer.getAttempt());
      if (sameAttempt && text.startsWith(shown.toString())) {
        if (text.length() > shown.length()) {
          listener.text(text.substring(shown.length()));
        }
      } else {
        if (shown.length() > 0) {
          listener.restarted();
        }
        listener.text(text);
      }
    } else if (shown.length() > 0) {
      listener.restarted();
    }
    listener.answered(answer);
  }

  boolean done() {
    return done;
  }
}
