package io.charstream.service.answers;

import io.charstream.events.Generation;

/**
 * What a reader of one request's answer is told, in order: pieces of text to show as they are
 * generated, a restart when the generator that was writing them died and another began again
 * (what was shown is void), and the one final answer. What the pieces since the last restart add
 * up to equals the final answer's text when {@link #answered} is called.
 */
public interface AnswerListener {
  void text(String piece);

  void restarted();

  void answered(Generation answer);
}
