package io.charstream.cli;

import io.charstream.cli.command.BrokerCommand;
import io.charstream.cli.command.DemoCommand;
import io.charstream.cli.command.MetricsCommand;
import io.charstream.cli.command.ModelsCommand;
import io.charstream.cli.command.PromptCommand;
import io.charstream.cli.command.PublishCommand;
import io.charstream.cli.command.ReadCommand;
import io.charstream.cli.command.RunCommand;
import io.charstream.cli.command.SettingOptions;
import io.charstream.cli.command.SettingsCommand;
import io.charstream.cli.command.UpCommand;
import io.charstream.service.BrokerUnreachableException;
import io.charstream.service.SettingException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The charstream command line. */
@Command(name = "charstream", mixinStandardHelpOptions = true, version = "charstream 0.1.0",
    description = "A character-level language model that learns from a live stream of text on Kafka.",
    subcommands = {UpCommand.class, BrokerCommand.class, RunCommand.class, PublishCommand.class, PromptCommand.class,
        ReadCommand.class, MetricsCommand.class, ModelsCommand.class, DemoCommand.class,
        CommandLine.HelpCommand.class})
public final class Charstream implements Runnable {
  static final int USAGE = 2;
  public static final int FAILURE = 1;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Set by {@link #main}: stdout is the process's and a terminal (never so when a test runs commands). */
  public boolean onATerminal;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
  }

  public static void main(String[] args) {
    CommandLine commandLine = commandLine();
    ((Charstream) commandLine.getCommand()).onATerminal = System.console() != null;
    System.exit(commandLine.execute(args));
  }

  /** The command line with every command's settings as flags and errors mapped to exit codes. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Charstream());
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      if (sub.getCommand() instanceof SettingsCommand command) {
        SettingOptions.addTo(sub.getCommandSpec(), command.allSettings());
      }
    }
    commandLine.setExecutionExceptionHandler((exception, failed, parsed) -> {
      if (exception instanceof SettingException) {
        failed.getErr().println("charstream: " + exception.getMessage());
        failed.getErr().println("Try 'charstream " + failed.getCommandName() + " --help' for the settings.");
        return USAGE;
      }
      if (exception instanceof BrokerUnreachableException || exception instanceof UserError) {
        failed.getErr().println("charstream: " + exception.getMessage());
        return FAILURE;
      }
      throw exception;
    });
    return commandLine;
  }
}
