package io.charstream.service;

/** One microservice: started once, closed once. Talks to the others only through topics. */
public interface Service extends AutoCloseable {
  String name();

  /** Creates what the service needs (topics) and starts processing; returns once it runs. */
  void start();

  /** Stops processing and releases everything; safe to call twice. */
  @Override
  void close();
}
