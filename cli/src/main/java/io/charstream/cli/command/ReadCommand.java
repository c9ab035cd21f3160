package io.charstream.cli.command;

import io.charstream.cli.kafka.RecordJson;
import io.charstream.cli.kafka.TopicReaders;
import io.charstream.schemas.Topic;
import io.charstream.schemas.Topics;
import io.charstream.service.CommonSettings;
import io.charstream.service.Setting;
import io.charstream.service.TopicReader;
import java.io.PrintWriter;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(name = "read", mixinStandardHelpOptions = true, description = "Print a topic's events as JSON, one object per line (committed records only). "
    + "Without --follow it stops at the end offsets it saw when it started.")
public final class ReadCommand extends SettingsCommand {

  @Parameters(index = "0", paramLabel = "TOPIC", description = "A topic of the catalogue, without the prefix: "
      + "text.raw, text.rejected, vocab, text.ids, sequences.train, sequences.validation, training.metrics, "
      + "training.progress, models, prompts, generations.")
  String topicName;

  @Option(names = "--from-beginning", description = "Start at the oldest record (default: only new records).")
  boolean fromBeginning;

  @Option(names = "--follow", description = "Keep printing new records until interrupted.")
  boolean follow;

  @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
  long max = Long.MAX_VALUE;

  @Override
  List<Setting> settings() {
    return none();
  }

  @Override
  public Integer call() {
    CommonSettings common = CommonSettings.from(config());
    Topics topics = common.topics();
    Topic<?, ?> topic = topics.byShortName(topicName).orElseThrow(() -> new ParameterException(spec.commandLine(),
        "unknown topic '" + topicName + "'"));
    PrintWriter out = out();
    try (TopicReader<String, byte[]> reader = TopicReaders.open(common, topic, new StringDeserializer(),
        new ByteArrayDeserializer(), fromBeginning)) {
      java.util.function.Consumer<ConsumerRecord<String, byte[]>> print = record -> {
        out.println(RecordJson.render(topic, record.key(), record.value()));
        out.flush();
      };
      if (follow) {
        reader.follow(max, print);
      } else {
        reader.readToCurrentEnd(max, print);
      }
    }
    return 0;
  }
}
