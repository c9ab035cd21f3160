package io.charstream.cli.command;

import io.charstream.cli.UserError;
import io.charstream.cli.kafka.TextPublisher;
import io.charstream.service.CommonSettings;
import io.charstream.service.Config;
import io.charstream.service.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "publish", mixinStandardHelpOptions = true, description = "Publish a text file (or - for stdin) to text.raw as one document, byte-exact, "
    + "in pieces under the size cap.")
public final class PublishCommand extends SettingsCommand {
  static final Setting DOC_ID = Setting.of("doc.id", "ID", null,
      "The document the text belongs to (default: the file's name; stdin for -).");
  static final Setting PIECE_BYTES = Setting.of("publish.piece.bytes", "BYTES", "65536",
      "Largest piece sent as one record (at most max.text.bytes).");

  @Parameters(index = "0", paramLabel = "FILE", description = "The text file, or - for standard input.")
  String file;

  @Override
  List<Setting> settings() {
    return List.of(DOC_ID, PIECE_BYTES);
  }

  @Override
  public Integer call() throws Exception {
    Config config = config();
    CommonSettings common = CommonSettings.from(config);
    int pieceBytes = config.getInt(PIECE_BYTES, 8, common.topics().settings().maxTextBytes());
    byte[] text = read();
    String docId = config.isSet(DOC_ID) ? config.get(DOC_ID) : "-".equals(file) ? "stdin"
        : Path.of(file).getFileName().toString();
    int records = TextPublisher.publish(common, docId, text, pieceBytes);
    out().printf("published %d bytes in %d records to %s as document '%s'%n", text.length, records,
        common.topics().textRaw.name(), docId);
    return 0;
  }

  private byte[] read() throws IOException {
    if ("-".equals(file)) {
      return System.in.readAllBytes();
    }
    try {
      return Files.readAllBytes(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new UserError("no such file: " + file);
    }
  }
}
