package io.charstream.service.answers;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.events.Generation;
import io.charstream.events.GenerationChunk;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamedAnswerTest {

  /** What a screen shows: pieces appended, cleared on a restart. */
  private static final class Screen implements AnswerListener {
    final StringBuilder shown = new StringBuilder();
    final List<String> pieces = new ArrayList<>();
    int restarts;
    Generation answer;

    @Override
    public void text(String piece) {
      shown.append(piece);
      pieces.add(piece);
    }

    @Override
    public void restarted() {
      shown.setLength(0);
      restarts++;
    }

    @Override
    public void answered(Generation generation) {
      answer = generation;
    }
  }

  private static GenerationChunk chunk(String attempt, int index, String text) {
    return GenerationChunk.newBuilder().setRequestId("r").setAttempt(attempt).setIndex(index).setText(text).build();
  }

  private static Generation answer(String attempt, String text) {
    return Generation.newBuilder().setRequestId("r").setAttempt(attempt).setText(text).build();
  }

  @Test
  void chunksInOrderThenTheAnswerShowTheTextOnce() {
    Screen screen = new Screen();
    StreamedAnswer answer = new StreamedAnswer(screen);
    answer.chunk(chunk("a", 0, "Onc"));
    answer.chunk(chunk("a", 1, "e up"));
    answer.chunk(chunk("a", 1, "e up"));
    answer.chunk(chunk("a", 2, "on"));
    answer.answered(answer("a", "Once upon"));
    assertThat(screen.pieces).containsExactly("Onc", "e up", "on");
    assertThat(screen.shown).hasToString("Once upon");
    assertThat(screen.restarts).isZero();
    assertThat(screen.answer.getText()).isEqualTo("Once upon");
  }

  @Test
  void anAnswerBeforeItsLastChunksAddsTheRestAndLaterChunksAreIgnored() {
    Screen screen = new Screen();
    StreamedAnswer answer = new StreamedAnswer(screen);
    answer.chunk(chunk("a", 0, "Onc"));
    answer.answered(answer("a", "Once upon"));
    answer.chunk(chunk("a", 1, "e upon"));
    assertThat(screen.pieces).containsExactly("Onc", "e upon");
    assertThat(screen.shown).hasToString("Once upon");
  }

  @Test
  void aNewAttemptVoidsWhatTheDeadOneShowed() {
    Screen screen = new Screen();
    StreamedAnswer answer = new StreamedAnswer(screen);
    answer.chunk(chunk("dead", 0, "Xy"));
    answer.chunk(chunk("dead", 1, "z"));
    answer.chunk(chunk("next", 0, "On"));
    answer.chunk(chunk("dead", 2, "late"));
    answer.chunk(chunk("next", 1, "ce"));
    answer.answered(answer("next", "Once"));
    assertThat(screen.restarts).isEqualTo(1);
    assertThat(screen.shown).hasToString("Once");
  }

  @Test
  void anAnswerFromAnAttemptNotShownReplacesWhatWasShown() {
    Screen screen = new Screen();
    StreamedAnswer answer = new StreamedAnswer(screen);
    answer.chunk(chunk("dead", 0, "Xy"));
    answer.answered(answer("other", "Once"));
    assertThat(screen.restarts).isEqualTo(1);
    assertThat(screen.shown).hasToString("Once");
  }

  @Test
  void anUnstreamedAnswerIsShownWhole() {
    Screen screen = new Screen();
    new StreamedAnswer(screen).answered(answer(null, "Once"));
    assertThat(screen.pieces).containsExactly("Once");
    assertThat(screen.restarts).isZero();
  }

  @Test
  void anErrorAnswerVoidsWhatWasShownAndAddsNoText() {
    Screen screen = new Screen();
    StreamedAnswer answer = new StreamedAnswer(screen);
    answer.chunk(chunk("a", 0, "On"));
    answer.answered(Generation.newBuilder().setRequestId("r").setError("no model").build());
    assertThat(screen.shown).isEmpty();
    assertThat(screen.answer.getError()).isEqualTo("no model");
  }
}
