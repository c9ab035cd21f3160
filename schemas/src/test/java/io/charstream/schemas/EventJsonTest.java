package io.charstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.events.EpochMetrics;
import io.charstream.events.Rejection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  @Test
  void unwrapsUnionsToTheirValue() {
    EpochMetrics metrics = EpochMetrics.newBuilder()
        .setModelName("m").setVersion(3).setEpoch(2)
        .setTrainLoss(2.3).setTrainAccuracy(0.25)
        .setValidationLoss(2.1).setValidationAccuracy(null)
        .setSequencesSeen(80).setCharactersSeen(7920).setCharactersPerSecond(1000.5)
        .setWallTimeMs(12).setTimestampMs(99)
        .build();

    String json = EventJson.render(metrics);

    assertThat(json).contains("\"trainLoss\":2.3", "\"validationLoss\":2.1", "\"validationAccuracy\":null",
        "\"epoch\":2", "\"modelName\":\"m\"");
    assertThat(json).doesNotContain("{\"double\"");
  }

  @Test
  void showsBytesAsLengthAndSha256() {
    Rejection rejection = Rejection.newBuilder()
        .setDocId(null).setReason("empty text")
        .setOriginal(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)))
        .setSourceTopic("text.raw").setSourcePartition(0).setSourceOffset(7).setRejectedBy("ingest")
        .build();

    String json = EventJson.render(rejection);

    assertThat(json).contains("\"original\":{\"length\":3,"
        + "\"sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}");
    assertThat(json).contains("\"reason\":\"empty text\"", "\"sourceOffset\":7");
  }

  @Test
  void escapesPlainText() {
    assertThat(EventJson.renderText(null, "a \"quote\"\n"))
        .isEqualTo("{\"docId\":null,\"text\":\"a \\\"quote\\\"\\n\"}");
  }
}
