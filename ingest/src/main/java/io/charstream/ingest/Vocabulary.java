package io.charstream.ingest;

/** Turns text into the shared vocabulary's ids, giving new characters ids as needed. */
public interface Vocabulary extends AutoCloseable {

  /** One id per code point of the text. */
  int[] encode(String text);

  @Override
  default void close() {}
}
