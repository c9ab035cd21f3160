package io.charstream.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A Kafka broker in a container, for the integration tests' Testcontainers run. The image is
 * {@code KAFKA_IMAGE} (default apache/kafka at the project's Kafka version); any image that
 * behaves like apache/kafka will do (docker/setup-machine.sh builds one where no registry answers).
 */
final class KafkaContainers {
  static final String DEFAULT_IMAGE = "apache/kafka:4.3.1";

  private KafkaContainers() {}

  static boolean dockerAnswers() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  static KafkaContainer start() {
    String image = System.getenv().getOrDefault("KAFKA_IMAGE", DEFAULT_IMAGE);
    KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("apache/kafka"))
        .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    kafka.start();
    return kafka;
  }
}
