package io.charstream.ingest;

import io.charstream.service.CommonSettings;
import io.charstream.service.Config;
import io.charstream.service.Setting;
import java.util.List;

/** What ingest needs to know, resolved once from flags, environment and properties. */
public record IngestSettings(CommonSettings common, String defaultDocId, long commitIntervalMs) {

  public static final Setting DEFAULT_DOC_ID = Setting.of("default.doc.id", "ID", "default",
      "Document that unkeyed plain-text lines on text.raw belong to (each line gets its newline back).");
  public static final Setting COMMIT_INTERVAL_MS = Setting.of("ingest.commit.interval.ms", "MS", "100",
      "How often ingest commits its exactly-once transaction.");

  public static final List<Setting> SETTINGS = List.of(DEFAULT_DOC_ID, COMMIT_INTERVAL_MS);

  public static IngestSettings from(Config config) {
    return new IngestSettings(CommonSettings.from(config), config.require(DEFAULT_DOC_ID),
        config.getLong(COMMIT_INTERVAL_MS));
  }

  public int maxTextBytes() {
    return common.topics().settings().maxTextBytes();
  }
}
