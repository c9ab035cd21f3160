package io.charstream.cli.command;

import io.charstream.cli.UserError;
import io.charstream.cli.kafka.PromptClient;
import io.charstream.events.Generation;
import io.charstream.events.PromptRequest;
import io.charstream.service.CommonSettings;
import io.charstream.service.Config;
import io.charstream.service.Setting;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(name = "prompt", mixinStandardHelpOptions = true,
    description = "Send one prompt to the generator and print the continuation (an error answer goes to stderr, exit 1).")
public final class PromptCommand extends SettingsCommand {

  @Parameters(index = "0", paramLabel = "TEXT", description = "The text to continue.")
  String text;

  @Option(names = "--chars", paramLabel = "N", description = "Characters to generate (default: ${DEFAULT-VALUE}).")
  int chars = 200;

  @Option(names = "--temperature", paramLabel = "T",
      description = "Sampling temperature; 0 is greedy (default: ${DEFAULT-VALUE}).")
  double temperature = 1.0;

  @Option(names = "--top-k", paramLabel = "K", description = "Sample among the K most likely characters only.")
  Integer topK;

  @Option(names = "--seed", paramLabel = "S", description = "Makes the text reproducible for one model version.")
  Long seed;

  @Option(names = "--model-version", paramLabel = "V", description = "Use this model version (default: the served one).")
  Long modelVersion;

  @Option(names = "--timeout", paramLabel = "D", description = "How long to wait for the answer, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
  String timeout = "60s";

  @Option(names = "--stream", description = "Print the continuation as it is generated.")
  boolean stream;

  @Override
  List<Setting> settings() {
    return List.of(CommonSettings.MODEL_NAME);
  }

  @Override
  public Integer call() {
    Config config = config();
    CommonSettings common = CommonSettings.from(config);
    Duration wait = parseDuration(timeout);
    String requestId = UUID.randomUUID().toString();
    PromptRequest request = PromptRequest.newBuilder()
        .setRequestId(requestId).setPrompt(text).setMaxChars(chars).setTemperature(temperature)
        .setTopK(topK).setSeed(seed).setModelName(config.get(CommonSettings.MODEL_NAME))
        .setModelVersion(modelVersion).setTimestampMs(System.currentTimeMillis()).setStream(stream)
        .build();
    Generation answer = (stream ? PromptClient.ask(common, request, wait, this::print, this::restarted)
        : PromptClient.ask(common, request, wait)).orElseThrow(() -> new UserError("no answer within "
        + timeout + ": is the generator running (./charstream up, or ./charstream run generator)?"));
    if (answer.getError() != null) {
      throw new UserError(answer.getError());
    }
    if (!stream) {
      print(answer.getText());
    }
    out().println();
    out().flush();
    return 0;
  }

  private void print(String piece) {
    out().print(piece);
    out().flush();
  }

  /** The generator writing the answer stopped and another begins again: what was printed is void. */
  private void restarted() {
    out().println();
    out().flush();
    err().println("(the generator writing this answer stopped; another starts it again)");
    err().flush();
  }

  private Duration parseDuration(String value) {
    try {
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      }
      if (value.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
      }
      if (value.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(value));
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "--timeout takes a duration such as 30s, 2m or 500ms, got '"
          + value + "'");
    }
  }
}
