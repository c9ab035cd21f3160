package io.charstream.cli.view;

import java.io.PrintWriter;

/**
 * Where a command's human output goes, and whether a person is watching it: on a terminal,
 * progress bars redraw their line and tables use box drawing; otherwise (a pipe, a file, a test)
 * there are no progress bars and tables are plain ASCII, one row per line.
 */
public final class Terminal {
  private final PrintWriter out;
  private final boolean interactive;
  private final int width;
  private int statusLength;

  public Terminal(PrintWriter out, boolean interactive, int width) {
    this.out = out;
    this.interactive = interactive;
    this.width = width;
  }

  /**
   * @param onATerminal whether {@code out} is the process's stdout and that is a terminal; a TERM
   *     of "dumb" counts as none. The width comes from COLUMNS, else 80.
   */
  public static Terminal of(PrintWriter out, boolean onATerminal) {
    boolean interactive = onATerminal && !"dumb".equals(System.getenv("TERM"));
    int width = 80;
    try {
      width = Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80")));
    } catch (NumberFormatException ignored) {
      // keep 80
    }
    return new Terminal(out, interactive, width);
  }

  public boolean interactive() {
    return interactive;
  }

  public int width() {
    return width;
  }

  /** A whole line, replacing the status line if one is showing. */
  public synchronized void line(String text) {
    clearStatus();
    out.println(text);
    out.flush();
  }

  /** A line redrawn in place on a terminal (a progress bar); nothing otherwise. */
  public synchronized void status(String text) {
    if (!interactive) {
      return;
    }
    String shown = text.length() > width - 1 ? text.substring(0, width - 1) : text;
    out.print("\r" + shown + " ".repeat(Math.max(0, statusLength - shown.length())));
    statusLength = shown.length();
    out.flush();
  }

  private void clearStatus() {
    if (statusLength > 0) {
      out.print("\r" + " ".repeat(statusLength) + "\r");
      statusLength = 0;
    }
  }
}
