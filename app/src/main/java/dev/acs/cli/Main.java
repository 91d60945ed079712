package dev.acs.cli;

import dev.acs.checks.OwnEnvironment;
import dev.acs.checks.TestCommandRunner;
import org.slf4j.LoggerFactory;
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
      StatusCommand.class,
      EvalCommand.class,
    })
public final class Main implements Runnable {

  /** Columns of the help texts when the terminal's width is unknown. */
  static final int USAGE_WIDTH = 100;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * hub4j logs every retry of an unreachable GitHub through java.util.logging at INFO, as
   * "'null'. Sleeping 100 milliseconds": held here (JUL keeps loggers weakly) and raised to WARNING
   * unless ACS_LOG_LEVEL asks for DEBUG; the command's own error says what failed.
   */
  private static final java.util.logging.Logger HUB4J = java.util.logging.Logger.getLogger("org.kohsuke.github");

  public static void main(String[] args) {
    LogDestination.choose(args); // before anything makes a logger: logback reads it once
    String level = System.getenv().getOrDefault("ACS_LOG_LEVEL", "");
    if (!level.equalsIgnoreCase("DEBUG") && !level.equalsIgnoreCase("TRACE")) {
      HUB4J.setLevel(java.util.logging.Level.WARNING);
    }
    // First of all, before any thread could start a process: the test commands ACS runs can read
    // this process's environment in /proc; keep ACS's secrets out of it (Java keeps its own copy).
    OwnEnvironment.Outcome cleared = OwnEnvironment.clearSecrets();
    if (!cleared.ok() && System.getenv().keySet().stream().anyMatch(TestCommandRunner::isSecretName)) {
      LoggerFactory.getLogger(Main.class).warn("ACS's secrets could not all be cleared from its environment: {}", cleared.problem().orElse(""));
    }
    int code = commandLine().execute(args);
    Logs.drain();
    System.exit(code);
  }

  /** The configured command line; tests call {@code execute} on it without exiting the JVM. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(new ClearErrors());
    // Wide enough that option descriptions do not wrap every few words; a wider terminal is used.
    cli.setUsageHelpWidth(USAGE_WIDTH);
    cli.setUsageHelpAutoWidth(true);
    versionEverywhere(cli);
    return cli;
  }

  /** `acs run --version` prints what `acs --version` prints, not an empty line. */
  private static void versionEverywhere(CommandLine cli) {
    for (CommandLine sub : cli.getSubcommands().values()) {
      if (sub.getCommandSpec().versionProvider() == null) {
        sub.getCommandSpec().versionProvider(new Version());
      }
      versionEverywhere(sub);
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
