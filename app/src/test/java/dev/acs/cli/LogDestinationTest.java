package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acs.config.Json;
import dev.acs.webhook.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A command's stdout is its output alone, whatever ACS logs meanwhile; {@code serve} logs on stdout.
 * Real {@code java} processes with logback.xml (the test JVM's own log configuration is not theirs).
 */
class LogDestinationTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({
      "serve, System.out",
      "receive --event check_run --payload p.json, System.err",
      "eval localize --tasks t.jsonl --repos r --json, System.err",
      "explain-failure --format json --log build.log, System.err",
      "--version, System.err",
      "'', System.err"})
  void serveLogsToStdoutEveryOtherCommandToStderr(String args, String target) {
    assertThat(LogDestination.of(args.isEmpty() ? new String[0] : args.split(" "))).isEqualTo(target);
  }

  @Test
  void receivePrintsOnlyItsOwnLinesOnStdoutWhileItLogs() throws Exception {
    Path payload = tmp.resolve("completed.json");
    Files.write(payload, Fixtures.bytes("check_run/completed.json"));
    Run run = run(List.of("receive", "--event", "check_run", "--payload", payload.toString(), "--dry-run"),
        Map.of("GITHUB_TOKEN", "ghs_testToken0000000000000000000000000000", "GITHUB_API_URL", "http://127.0.0.1:9"));

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(run.stdout().lines().toList()).containsExactly(
        "dry run: GitHub writes are printed, not made; the git push is skipped; nothing is stored",
        "handled check_run.completed");
    // What ACS logged meanwhile is on stderr, one JSON object a line, the last line included.
    List<String> logged = run.stderr().lines().filter(l -> l.startsWith("{")).toList();
    assertThat(logged).anySatisfy(l -> assertThat(Json.MAPPER.readTree(l).get("message").asText()).isEqualTo("check_run.completed handled"));
  }

  @Test
  void serveLogsOnStdout() throws Exception {
    Process p = start(List.of("serve"), Map.of("ACS_WEBHOOK_SECRET", "s", "ACS_PORT", "0",
        "ACS_DATABASE_URL", "jdbc:h2:mem:logs;DB_CLOSE_DELAY=-1", "ACS_WORK_DIR", tmp.resolve("work").toString()));
    try {
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
          .failFast("acs serve exited", () -> !p.isAlive())
          .until(() -> Files.readString(tmp.resolve("stdout")).contains("ACS serving webhooks"));
    } finally {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
    assertThat(Files.readString(tmp.resolve("stderr"))).doesNotContain("ACS serving webhooks");
  }

  record Run(int exit, String stdout, String stderr) {}

  private Run run(List<String> args, Map<String, String> env) throws Exception {
    Process p = start(args, env);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the command ended").isTrue();
    return new Run(p.exitValue(), Files.readString(tmp.resolve("stdout"), StandardCharsets.UTF_8),
        Files.readString(tmp.resolve("stderr"), StandardCharsets.UTF_8));
  }

  private Process start(List<String> args, Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile())
        .redirectOutput(tmp.resolve("stdout").toFile()).redirectError(tmp.resolve("stderr").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("ACS_") || k.startsWith("GITHUB_") || k.endsWith("_API_KEY"));
    pb.environment().putAll(env);
    pb.environment().put("ACS_WORK_DIR", tmp.resolve("work").toString());
    return pb.start();
  }
}
