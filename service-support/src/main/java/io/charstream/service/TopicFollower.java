package io.charstream.service;

import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;

/** A reader's records handed to a sink on a thread of its own, until closed; the reader is closed with it. */
public final class TopicFollower implements AutoCloseable {
  private final TopicReader<?, ?> reader;
  private final ServiceThread thread;

  private <K, V> TopicFollower(String name, TopicReader<K, V> reader, Consumer<ConsumerRecord<K, V>> sink) {
    this.reader = reader;
    this.thread = ServiceThread.start(name, stopping -> {
      try (reader) {
        while (!stopping.getAsBoolean()) {
          reader.poll(sink);
        }
      } catch (WakeupException e) {
        // closed: the poll was woken to stop
      }
    });
  }

  public static <K, V> TopicFollower start(String name, TopicReader<K, V> reader,
      Consumer<ConsumerRecord<K, V>> sink) {
    return new TopicFollower(name, reader, sink);
  }

  /** Whether it still reads (it stops when closed, or on an error it could not handle). */
  public boolean running() {
    return thread.isAlive();
  }

  @Override
  public void close() {
    reader.wakeup();
    thread.stop(Duration.ofSeconds(5));
  }
}
