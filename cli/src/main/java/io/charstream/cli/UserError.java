package io.charstream.cli;

/** Something the user can fix, reported as one line without a stack trace. */
public final class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }
}
