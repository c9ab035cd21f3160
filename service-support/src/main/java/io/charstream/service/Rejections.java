package io.charstream.service;

import io.charstream.events.Rejection;
import java.nio.ByteBuffer;

/** The dead-letter record every service writes for input it cannot use: the reason, the original bytes, where it came from. */
public final class Rejections {
  private Rejections() {}

  public static Rejection of(String docId, String reason, byte[] original, String sourceTopic, int sourcePartition,
      long sourceOffset, String rejectedBy) {
    return Rejection.newBuilder()
        .setDocId(docId)
        .setReason(reason)
        .setOriginal(ByteBuffer.wrap(original == null ? new byte[0] : original))
        .setSourceTopic(sourceTopic)
        .setSourcePartition(sourcePartition)
        .setSourceOffset(sourceOffset)
        .setRejectedBy(rejectedBy)
        .build();
  }
}
