package io.charstream.dashboard;

import io.charstream.events.Generation;
import io.charstream.service.answers.AnswerListener;
import java.util.ArrayList;
import java.util.List;

/**
 * One prompt sent from the page, from the moment it is sent: its pieces of text, restarts and
 * answer are kept until the page opens the request's event stream, then replayed and pushed as
 * they come; the stream ends with the answer.
 */
final class PromptSession implements AnswerListener {
  private record Event(String name, String json) {}

  final String requestId;
  final long createdMs = System.currentTimeMillis();
  private final List<Event> events = new ArrayList<>();
  private Viewer viewer;
  private boolean answered;

  PromptSession(String requestId) {
    this.requestId = requestId;
  }

  synchronized void attach(Viewer page) {
    for (Event event : events) {
      page.send(event.name(), event.json());
    }
    if (answered) {
      page.close();
    } else {
      viewer = page;
    }
  }

  synchronized boolean isAnswered() {
    return answered;
  }

  @Override
  public void text(String piece) {
    push("text", Json.write(Json.object().put("text", piece)));
  }

  @Override
  public void restarted() {
    push("restart", "{}");
  }

  @Override
  public synchronized void answered(Generation answer) {
    push("answer", Json.write(Json.object().put("text", answer.getText()).put("error", answer.getError())
        .put("modelVersion", answer.getModelVersion()).put("generationMs", answer.getGenerationMs())
        .put("charactersPerSecond", answer.getCharactersPerSecond())));
    answered = true;
    if (viewer != null) {
      viewer.close();
    }
  }

  private synchronized void push(String name, String json) {
    events.add(new Event(name, json));
    if (viewer != null && !viewer.send(name, json)) {
      viewer = null;
    }
  }
}
