package io.charstream.service;

import io.charstream.schemas.TopicSettings;
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

  /** The consumer group of a service's instances (a Streams service's application id). */
  public static String groupId(TopicSettings topics, String service) {
    return topics.prefix() + "charstream-" + service;
  }

  /** The group whose one member is the active trainer of a model (the others wait as standbys). */
  public static String trainerLeaseGroupId(TopicSettings topics, String modelName) {
    return groupId(topics, TRAINER) + "-" + modelName;
  }
}
