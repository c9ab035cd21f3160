package io.charstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void namesEveryContractTopicWithThePrefix() {
    Topics topics = new Topics(TopicSettings.defaults().withPrefix("dev-"));

    assertThat(topics.all().stream().map(Topic::name).collect(Collectors.toList())).containsExactly(
        "dev-text.raw", "dev-text.rejected", "dev-vocab", "dev-text.ids", "dev-sequences.train",
        "dev-sequences.validation", "dev-training.metrics", "dev-training.progress", "dev-models",
        "dev-prompts", "dev-generations", "dev-generations.chunks", "dev-prompts.rejected");
    assertThat(topics.byShortName("vocab")).contains(topics.vocab);
  }

  @Test
  void vocabAndModelsAreCompactedSinglePartitionTopics() {
    Topics topics = new Topics(TopicSettings.defaults().withPartitions(4));

    assertThat(topics.vocab.partitions()).isEqualTo(1);
    assertThat(topics.vocab.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact");
    assertThat(topics.models.partitions()).isEqualTo(1);
    assertThat(topics.models.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact");
    assertThat(Integer.parseInt(topics.models.configs().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)))
        .isGreaterThan(TopicSettings.DEFAULT_MAX_SNAPSHOT_BYTES);
    assertThat(topics.textIds.partitions()).isEqualTo(4);
  }

  @Test
  void keyedTopicsGetSeveralPartitionsAndTextRawOneSoUnkeyedLinesKeepTheirOrder() {
    Topics topics = new Topics(TopicSettings.defaults());
    assertThat(topics.textIds.partitions()).isEqualTo(3);
    assertThat(topics.prompts.partitions()).isEqualTo(3);
    assertThat(topics.textRaw.partitions()).isEqualTo(1);
  }

  @Test
  void replicationFollowsTheClusterUpToThreeWithTwoInSyncReplicasAtThree() {
    Topic<?, ?> topic = new Topics(TopicSettings.defaults()).sequencesTrain;
    assertThat(topic.newTopic(1).replicationFactor()).isEqualTo((short) 1);
    assertThat(topic.newTopic(1).configs()).doesNotContainKey(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
    assertThat(topic.newTopic(2).replicationFactor()).isEqualTo((short) 2);
    assertThat(topic.newTopic(5).replicationFactor()).isEqualTo((short) 3);
    assertThat(topic.newTopic(5).configs()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
  }

  @Test
  void anOversizedTextStillFitsOnTheRawTopicSoItCanBeRejected() {
    Topics topics = new Topics(TopicSettings.defaults());
    int rawLimit = Integer.parseInt(topics.textRaw.configs().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG));
    assertThat(rawLimit).isGreaterThan(TopicSettings.DEFAULT_MAX_TEXT_BYTES);
  }
}
