package io.charstream.cli.kafka;

import io.charstream.service.CommonSettings;
import io.charstream.service.GroupLag;
import io.charstream.service.ServiceNames;
import io.charstream.service.StreamsService;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * Waits until ingest and windowing have processed everything published so far: each Streams
 * application's committed offsets have reached the end of its input (the committed end, for the
 * transactional text.ids). Their outputs are committed in the same transactions as those offsets,
 * so then every sequence of the text is on its topic.
 */
public final class PipelineDrain {
  private static final Duration POLL = Duration.ofMillis(250);

  private PipelineDrain() {}

  /** @return whether the pipeline drained before the timeout (or the stop question said yes) */
  public static boolean await(CommonSettings common, Duration timeout, BooleanSupplier stopping) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = common.kafka().admin("charstream-drain")) {
      while (System.nanoTime() < deadline && !stopping.getAsBoolean()) {
        if (caughtUp(admin, StreamsService.applicationId(common, ServiceNames.INGEST), common.topics().textRaw.name())
            && caughtUp(admin, StreamsService.applicationId(common, ServiceNames.WINDOWING), common.topics().textIds.name())) {
          return true;
        }
        Thread.sleep(POLL.toMillis());
      }
    }
    return false;
  }

  private static boolean caughtUp(Admin admin, String groupId, String topic) throws InterruptedException {
    return GroupLag.of(admin, groupId, topic) == 0;
  }
}
