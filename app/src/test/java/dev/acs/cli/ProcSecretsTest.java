package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.config.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack from issue 11, for real: a real {@code acs run --test-cmd} process, started with
 * credentials in its environment, whose (scripted) model writes a test script that walks up its
 * parent processes and copies every ancestor's {@code /proc/<pid>/environ}, {@code cmdline} and
 * readable open files into the checkout. None of the credentials may be in what it found — with
 * bubblewrap (ACS_SANDBOX=on, where bwrap works here) and without (ACS_SANDBOX=off).
 */
@Timeout(180)
class ProcSecretsTest {
  /** Reads up to 64 KB of each readable open file of each ancestor; pipes and sockets are skipped (reading one could block). */
  static final String WALK = """
      #!/bin/sh
      out="$PWD/found.txt"
      : > "$out"
      pid=$$
      while [ -n "$pid" ] && [ "$pid" -ge 1 ] 2>/dev/null; do
        ppid=$(sed 's/.*) [A-Za-z] \\([0-9]*\\) .*/\\1/' /proc/$pid/stat 2>/dev/null)
        if [ "$pid" != "$$" ]; then
          echo "== pid $pid" >> "$out"
          tr '\\0' '\\n' < /proc/$pid/environ >> "$out" 2>/dev/null
          tr '\\0' ' ' < /proc/$pid/cmdline >> "$out" 2>/dev/null
          echo >> "$out"
          for fd in /proc/$pid/fd/*; do
            if [ -f "$fd" ] && [ -r "$fd" ]; then
              echo "-- $fd" >> "$out"
              head -c 65536 "$fd" >> "$out" 2>/dev/null
            fi
          done
        fi
        pid=$ppid
      done
      echo "walked to pid 1" >> "$out"
      """;

  @TempDir Path tmp;

  @Test
  void withoutTheSandboxTheTestScriptFindsNoSecretInAnyAncestor() throws Exception {
    String found = attack("off");

    // It did read ACS's process (its command line and a plain variable of its environment), but no secret.
    assertThat(found).contains("PROC_TEST_VISIBLE=" + visible).contains(Main.class.getName() + " run --repo");
    assertNoSecretIn(found);
  }

  @Test
  void inTheSandboxTheTestScriptSeesNoneOfAcsProcesses() throws Exception {
    assumeTrue(new ProcessBuilder("sh", "-c", "command -v bwrap && bwrap --ro-bind / / --unshare-pid --proc /proc --dev /dev true")
        .start().waitFor() == 0, "a working bwrap on this machine");

    String found = attack("on");

    // Only the sandbox's own processes: not ACS's command line.
    assertThat(found).contains("== pid 1\n").doesNotContain(Main.class.getName());
    assertNoSecretIn(found);
  }

  private final Map<String, String> secrets = new LinkedHashMap<>();
  private final String visible = "visible-" + UUID.randomUUID();

  private void assertNoSecretIn(String found) {
    assertThat(found).contains("walked to pid 1");
    // Each value whole, and its distinctive tail (a value cut by a line break or quoted must not be there either).
    List<String> leaks = new ArrayList<>();
    secrets.forEach((name, value) -> {
      for (String piece : List.of(value, value.substring(value.length() - 16))) {
        int at = found.indexOf(piece);
        if (at >= 0) {
          int section = found.lastIndexOf("== pid ", at);
          leaks.add(name + " in " + (section < 0 ? "?" : found.substring(section, found.indexOf('\n', section))));
          break;
        }
      }
    });
    assertThat(leaks).as("planted secrets found by the test script").isEmpty();
  }

  /** Runs the attack with ACS_SANDBOX={@code sandbox}; what the script found. */
  private String attack(String sandbox) throws Exception {
    String id = UUID.randomUUID().toString().replace("-", "");
    secrets.put("GITHUB_TOKEN", "ghs_" + id + "GhToken");
    secrets.put("OPENAI_API_KEY", "sk-proj-" + id + "OpenAi");
    secrets.put("ANTHROPIC_API_KEY", "sk-ant-api03-" + id + "Anthropic");
    secrets.put("ACS_WEBHOOK_SECRET", "whsec-" + id + "Webhook");
    secrets.put("GITHUB_APP_PRIVATE_KEY", "-----BEGIN RSA PRIVATE KEY-----\\nMIIEow" + id + "PrivateKey\\n-----END RSA PRIVATE KEY-----");
    secrets.put("ACS_DATABASE_URL", "jdbc:postgresql://db/acs?user=acs&password=" + id + "DbPassword");
    secrets.put("ACS_METRICS_TOKEN", "metrics-" + id + "MetricsToken");

    Path repo = tmp.resolve("repo");
    Files.createDirectories(repo);
    Files.writeString(repo.resolve("README.md"), "# sample\n");
    try (Git git = Git.init().setInitialBranch("main").setDirectory(repo.toFile()).call()) {
      git.add().addFilepattern(".").call();
      PersonIdent me = new PersonIdent("Dev", "dev@example.com");
      git.commit().setMessage("initial").setAuthor(me).setCommitter(me).setSign(false).call();
    }
    Path task = Files.writeString(tmp.resolve("task.md"), "# Add a test script\n\nAdd check.sh.\n");
    Path replay = Files.writeString(tmp.resolve("model.json"), modelScript());

    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "run", "--repo", repo.toString(), "--task", task.toString(), "--model", "replay:" + replay, "--test-cmd", "sh check.sh",
        "--max-attempts", "1"));
    Path log = tmp.resolve("acs.log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(secrets);
    pb.environment().put("PROC_TEST_VISIBLE", visible);
    pb.environment().put("ACS_SANDBOX", sandbox);
    pb.environment().put("ACS_WORK_DIR", tmp.resolve("work").toString());
    pb.environment().put("ACS_TRANSCRIPT_DIR", tmp.resolve("transcripts").toString());
    pb.environment().remove("ACS_MODEL");
    Process acs = pb.start();
    try {
      assertThat(acs.waitFor(150, TimeUnit.SECONDS)).as("acs run finished").isTrue();
    } finally {
      acs.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(output).contains("step 2: run_checks");
    assertThat(repo.resolve("found.txt")).as("the script ran: " + output).exists();
    return new String(Files.readAllBytes(repo.resolve("found.txt")), StandardCharsets.ISO_8859_1);
  }

  /** Plan, write check.sh, run the checks (the model's run_checks), finish. */
  private static String modelScript() {
    ArrayNode entries = Json.MAPPER.createArrayNode();
    ObjectNode plan = Json.MAPPER.createObjectNode().put("summary", "Add a test script").put("verification", "run it");
    plan.putArray("steps").add("Write check.sh");
    plan.putArray("files").add("check.sh");
    plan.putArray("risks").add("none");
    entries.add(call("submit_plan", plan));
    entries.add(call("create_file", Json.MAPPER.createObjectNode().put("path", "check.sh").put("content", WALK)));
    entries.add(call("run_checks", Json.MAPPER.createObjectNode()));
    entries.add(call("finish", Json.MAPPER.createObjectNode().put("summary", "Added check.sh")));
    ObjectNode script = Json.MAPPER.createObjectNode();
    script.set("entries", entries);
    return script.toString();
  }

  private static ObjectNode call(String tool, ObjectNode arguments) {
    ObjectNode entry = Json.MAPPER.createObjectNode().put("type", "assistant");
    entry.putArray("tool_calls").addObject().put("name", tool).set("arguments", arguments);
    return entry;
  }
}
