package io.charstream.cli;

/** Something the user can fix, reported as one line without a stack trace. */
final class UserError extends RuntimeException {
  UserError(String message) {
    super(message);
  }
}
