package io.charstream.dashboard;

/** One open page, pushed named events with JSON data (a server-sent-events connection). */
interface Viewer {
  /** @return false once the page has gone, so that it is sent nothing more */
  boolean send(String event, String json);

  /** Ends the connection: nothing more will come on it. */
  void close();
}
