package io.charstream.trainer;

import io.charstream.schemas.Topics;
import io.charstream.service.Instance;
import io.charstream.service.KafkaConnection;
import io.charstream.service.ServiceNames;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per model name: trainers of a model join one consumer group on the single-partition
 * training.metrics topic, and the one the group gives that partition trains; the others wait as
 * standbys. When the active one dies, the group moves the partition after its session timeout and
 * a standby takes over from the newest snapshot; its transactional producer fences the old one,
 * should it still be alive. Kafka's group coordinator is the lock: nothing else to run.
 */
final class TrainerLease implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TrainerLease.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private volatile boolean held;
  private volatile boolean running = true;

  TrainerLease(KafkaConnection kafka, Topics topics, String modelName, Instance instance) {
    String group = ServiceNames.trainerLeaseGroupId(topics.settings(), modelName);
    Map<String, Object> config = kafka.consumerConfig("trainer-lease-" + instance.id());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    instance.joinAs(config, group + "-" + instance.id());
    this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topics.trainingMetrics.name()), new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
          held = true;
          log.info("this trainer is the active trainer of model {}", modelName);
        }
      }

      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
          held = false;
          if (running) {
            log.warn("this trainer is no longer the active trainer of model {}", modelName);
          } else {
            log.info("this trainer hands model {} on as it stops", modelName);
          }
        }
      }
    });
    this.thread = new Thread(this::keepAlive, "charstream-trainer-lease");
    thread.setDaemon(true);
    thread.start();
  }

  /** Polls all along: the group counts a member that stops polling as gone. */
  private void keepAlive() {
    try {
      while (running) {
        consumer.poll(Duration.ofMillis(200));
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("the trainer's lease failed: {}", e.getMessage(), e);
      held = false;
    } finally {
      // A clean stop hands the model to a standby at once.
      consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
  }

  boolean held() {
    return held;
  }

  /** Waits until this trainer is the model's active one; false if asked to stop first. */
  boolean await(BooleanSupplier stopping, String modelName) throws InterruptedException {
    boolean said = false;
    long since = System.nanoTime();
    while (!stopping.getAsBoolean()) {
      if (held) {
        return true;
      }
      // Joining the group takes a moment: only a trainer still waiting after it is a standby.
      if (!said && System.nanoTime() - since > 3_000_000_000L) {
        log.info("standby for model {}: another trainer is training it; taking over if it stops", modelName);
        said = true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
