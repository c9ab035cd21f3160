package io.charstream.service;

import java.util.List;

/**
 * The names of charstream's services: what {@code run} takes, what logs, health and metrics say,
 * what a Streams application id and a rejection's {@code rejectedBy} are made of. Spelled here only.
 */
public final class ServiceNames {
  public static final String INGEST = "ingest";
  public static final String WINDOWING = "windowing";
  public static final String TRAINER = "trainer";
  public static final String GENERATOR = "generator";

  /** In the order a pipeline starts them. */
  public static final List<String> ALL = List.of(INGEST, WINDOWING, TRAINER, GENERATOR);

  private ServiceNames() {}
}
