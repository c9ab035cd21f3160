package io.charstream.windowing;

import io.charstream.schemas.Topics;
import io.charstream.service.Instance;
import io.charstream.service.StreamsBackedService;
import io.charstream.service.StreamsService;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The windowing service: text.ids in, training and validation sequences out, exactly once. */
public final class WindowingService extends StreamsBackedService {
  private static final Logger log = LoggerFactory.getLogger(WindowingService.class);

  private final WindowingSettings settings;
  private final Instance instance;

  public WindowingService(WindowingSettings settings, Instance instance) {
    this.settings = settings;
    this.instance = instance;
  }

  /** An unnamed instance (dynamic group membership), as a test or a single deployment runs it. */
  public WindowingService(WindowingSettings settings) {
    this(settings, new Instance("local", false));
  }

  @Override
  public String name() {
    return WindowingTopology.SERVICE;
  }

  @Override
  protected StreamsService createStreams() {
    Topics topics = settings.common().topics();
    SplitPolicy split = settings.splitPolicy();
    log.info("windowing: length {}, stride {}, per block of {}: {} train, {} validation, gap {}",
        settings.windowLength(), settings.stride(), settings.splitBlock(), split.trainPerBlock(),
        split.validationPerBlock(), settings.splitGap());
    return new StreamsService(name(), instance, settings.common(),
        List.of(topics.textIds, topics.sequencesTrain, topics.sequencesValidation, topics.textRejected),
        () -> WindowingTopology.build(topics, settings.cutter(), split),
        Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitIntervalMs(),
            // Every id can start a window: batch the many small sequence records.
            StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 10,
            StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024));
  }
}
