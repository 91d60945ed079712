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

  /**
   * action/acs-jar.sh with a stand-in {@code gh} on the PATH that answers as GitHub would for a
   * repository whose tag v1 was moved to the commit of release v1.2.0, and a stand-in mvnw.
   */
  private String resolveJar(String ref, Path src) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    String sha = "1b10c78c7865c340bc4f6099eb2f838309f1e8c3";
    Files.writeString(bin.resolve("gh"), String.join("\n",
        "#!/bin/bash",
        "case \"$1 $2\" in",
        // Only release v1.2.0 has assets; GitHub's answer to a download of another is an error.
        "  'release download') [ \"$2\" = download ] && [ \"$3\" = v1.2.0 ] || exit 1",
        "     d=\"${@: -2:1}\"; printf jar > \"$d/acs-v1.2.0.jar\"; (cd \"$d\" && sha256sum acs-v1.2.0.jar > acs-v1.2.0.jar.sha256) ;;",
        "  'api repos/o/acs/commits/v1'|'api repos/o/acs/commits/v1.2.0') echo " + sha + " ;;",
        // gh applies the --jq filter: the tags whose commit is the one asked about.
        "  'api repos/o/acs/tags?per_page=100') case \"$*\" in *" + sha + "*) printf 'v1\\nv1.2.0\\n' ;; esac ;;",
        "  *) exit 1 ;;",
        "esac", ""));
    Files.createDirectories(src.resolve("action"));
    Files.copy(Path.of("..", "action", "acs-jar.sh"), src.resolve("action/acs-jar.sh"));
    Files.writeString(src.resolve("mvnw"), "#!/bin/sh\nmkdir -p app/target && printf built > app/target/acs.jar\n");
    for (Path p : List.of(bin.resolve("gh"), src.resolve("mvnw"))) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    }
    Path output = tmp.resolve("github_output");
    ProcessBuilder pb = new ProcessBuilder("bash", src.resolve("action/acs-jar.sh").toString()).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("GITHUB_OUTPUT", output.toString());
    pb.environment().put("RUNNER_TEMP", tmp.toString());
    pb.environment().put("ACS_ACTION_REF", ref);
    pb.environment().put("ACS_ACTION_REPOSITORY", "o/acs");
    pb.environment().put("ACS_JAVA", "/usr/bin/java");
    Process p = pb.start();
    String printed = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(printed).isZero();
    return printed + "\n" + Files.readString(output);
  }

  @Test
  void aMovedMajorTagFindsTheReleaseAtItsCommit() throws Exception {
    String result = resolveJar("v1", tmp.resolve("src"));

    assertThat(result).contains("ACS jar: the release v1.2.0 of o/acs (acs-v1.2.0.jar, checksum checked), at the commit v1 points to (1b10c78c7865)")
        .contains("jar=" + tmp.resolve("acs-jar/acs-v1.2.0.jar"))
        .doesNotContain("built from");
  }

  @Test
  void aRefWithoutAReleaseIsBuiltFromSourceAndSaysWhy() throws Exception {
    Path src = tmp.resolve("src");
    String result = resolveJar("main", src);

    assertThat(result).contains("::notice title=ACS is built from source::GitHub does not resolve main in o/acs to a commit")
        .contains("jar=" + src.resolve("app/target/acs.jar"));
    assertThat(src.resolve("app/target/acs.jar")).hasContent("built");
  }
}
