package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * action/action.yml as the runner runs it: the step that starts ACS, run through bash the way a
 * composite action's {@code shell: bash} step is, must leave no shell holding the token above
 * ACS; and the Maven cache is restored only, saved before ACS runs.
 */
class ActionScriptsTest {
  static final Path ACTION = Path.of("..", "action", "action.yml");

  @TempDir Path tmp;

  private static List<JsonNode> steps() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    Json.YAML.readTree(ACTION.toFile()).path("runs").path("steps").forEach(out::add);
    return out;
  }

  private static JsonNode step(String id) throws Exception {
    return steps().stream().filter(s -> id.equals(s.path("id").asText())).findFirst().orElseThrow();
  }

  @Test
  void theShellThatReceivedTheTokenDoesNotLiveOnAboveAcs() throws Exception {
    JsonNode run = step("acs");
    assertThat(run.path("env").has("GITHUB_TOKEN")).isTrue();
    // A stand-in for java: what ACS's test command could read of the process above ACS.
    Path fakeJava = tmp.resolve("java");
    Path seen = tmp.resolve("seen.txt");
    Files.writeString(fakeJava, "#!/bin/sh\n{ tr '\\0' '\\n' < /proc/$PPID/environ; tr '\\0' ' ' < /proc/$PPID/cmdline; } > " + seen + "\n");
    Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwx------"));
    String token = "ghs_" + UUID.randomUUID().toString().replace("-", "");

    // As the runner does: the step's script in a file, run by bash (bash -c would exec a lone command by itself).
    Path script = Files.writeString(tmp.resolve("step.sh"), run.path("run").asText() + "\n");
    ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", script.toString());
    pb.environment().put("GITHUB_TOKEN", token);
    pb.environment().put("ACS_JAVA", fakeJava.toString());
    pb.environment().put("ACS_JAR", tmp.resolve("acs.jar").toString());
    Process p = pb.inheritIO().start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).isZero();
    assertThat(seen).exists();
    assertThat(Files.readString(seen)).as("the environment of the process above ACS").doesNotContain(token);
  }

  @Test
  void theMavenCacheIsNeverSavedAfterTheModelRan() throws Exception {
    List<JsonNode> steps = steps();
    List<String> uses = steps.stream().map(s -> s.path("uses").asText()).filter(u -> u.startsWith("actions/cache")).toList();
    int acs = steps.indexOf(step("acs"));
    int save = steps.indexOf(steps.stream().filter(s -> s.path("uses").asText().startsWith("actions/cache/save@")).findFirst().orElseThrow());

    assertThat(uses).as("restore and save, no post-job save").allMatch(u -> u.startsWith("actions/cache/restore@") || u.startsWith("actions/cache/save@"));
    assertThat(save).isLessThan(acs);
  }
}
