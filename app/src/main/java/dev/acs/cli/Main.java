package dev.acs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code acs.jar}: one picocli command per way of running ACS. */
@Command(
    name = "acs",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "ACS turns labeled GitHub issues into pull requests and keeps them green.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ServeCommand.class,
      PolicyCommand.class,
      ExplainFailureCommand.class,
      RunCommand.class,
      ActionCommand.class,
      ReceiveCommand.class,
      DemoCommand.class,
      SetupCommand.class,
      ReplayCommand.class,
      EvalCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it without exiting the JVM. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(new ClearErrors());
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
