package io.charstream.cli;

/** The seed scenario's text: 198 characters, written for these tests. */
final class SeedText {
  static final String TEXT =
      "The river keeps no record of the rain, yet every stone it passes learns the shape of water. "
          + "We read the stream the same way: one character at a time, guessing the next one, and learning as it flows.";

  private SeedText() {}
}
