package dev.acs.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.acs.checks.FailureExtractor;
import dev.acs.checks.FailureReport;
import dev.acs.config.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code acs explain-failure}: what ACS reads from a failing build's log, as JSON or as text for a
 * person (the default on a terminal, so that scripts piping it keep getting JSON).
 */
@Command(
    name = "explain-failure",
    mixinStandardHelpOptions = true,
    description = {
      "Explain a failing build's log: failing tests, errors, the excerpt a model gets.",
      "Reads a build log (plain console output or a GitHub Actions job log) and prints the failing tests,"
          + " compile errors and lint violations found in it, whether the failure looks like the code's or the"
          + " infrastructure's, and the excerpt (at most 8 KB) a model would get. See docs/checks.md."
    })
public final class ExplainFailureCommand implements Callable<Integer> {
  /** Logs beyond this are read from their end: the verdict and summaries are there. */
  static final long MAX_LOG_BYTES = 64L * 1024 * 1024;

  @Spec CommandSpec spec;

  @Option(names = "--log", paramLabel = "FILE", description = "The build log; '-' reads standard input.")
  String log;

  @Option(names = "--junit-xml", paramLabel = "DIR", description = "A directory of JUnit XML reports (surefire-reports, test-results); repeatable.")
  List<Path> junitXml = new ArrayList<>();

  @Option(names = "--repo-root", paramLabel = "DIR",
      description = "The checkout the build ran on; file paths are made relative to it (default: inferred, see docs/checks.md).")
  Path repoRoot;

  /** How the report is printed. */
  enum Format {
    TEXT,
    JSON
  }

  @Option(names = "--format", paramLabel = "text|json",
      description = "text for reading, json for scripts (default: text on a terminal, else json).")
  Format format;

  @Override
  public Integer call() throws IOException {
    if (log == null && junitXml.isEmpty()) {
      throw new UserError("give --log FILE and/or --junit-xml DIR");
    }
    if (repoRoot != null && !Files.isDirectory(repoRoot)) {
      throw new UserError("--repo-root " + repoRoot + " is not a directory");
    }
    for (Path dir : junitXml) {
      if (!Files.isDirectory(dir)) {
        throw new UserError("--junit-xml " + dir + " is not a directory");
      }
    }
    String text = log == null ? "" : readLog(log);
    FailureExtractor extractor = repoRoot == null ? FailureExtractor.withoutCheckout() : FailureExtractor.forCheckout(repoRoot);
    List<String> problems = new ArrayList<>();
    FailureReport report = extractor.extract(text, junitXml, problems);
    PrintWriter err = spec.commandLine().getErr();
    problems.forEach(p -> err.println("acs: warning: " + p));
    err.flush();
    PrintWriter out = spec.commandLine().getOut();
    Format chosen = format != null ? format : onTerminal() ? Format.TEXT : Format.JSON;
    if (chosen == Format.TEXT) {
      out.print(FailureReportText.render(report));
    } else {
      out.println(Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    }
    out.flush();
    return 0;
  }

  /**
   * True when a person reads the output. From Java 22 {@code System.console()} is there even when
   * the output is piped; {@code Console.isTerminal()} (22+, called by name: ACS compiles for 21)
   * says whether it is a terminal. On 21 a console is only there on a terminal.
   */
  static boolean onTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException java21) {
      return true;
    }
  }

  private static String readLog(String name) throws IOException {
    if (name.equals("-")) {
      try (InputStream in = System.in) {
        return tail(in.readAllBytes());
      }
    }
    Path file = Path.of(name);
    if (!Files.isRegularFile(file)) {
      throw new UserError("--log " + name + ": no such file");
    }
    if (!Files.isReadable(file)) {
      throw new UserError("--log " + name + ": not readable");
    }
    long size = Files.size(file);
    if (size <= MAX_LOG_BYTES) {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
    try (var channel = Files.newByteChannel(file)) {
      channel.position(size - MAX_LOG_BYTES);
      var buffer = java.nio.ByteBuffer.allocate((int) MAX_LOG_BYTES);
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // read until full
      }
      return dropPartialFirstLine(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
    }
  }

  private static String tail(byte[] bytes) {
    if (bytes.length <= MAX_LOG_BYTES) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    int from = (int) (bytes.length - MAX_LOG_BYTES);
    return dropPartialFirstLine(new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8));
  }

  private static String dropPartialFirstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(nl + 1);
  }
}
