package dev.acs.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.policy.Guardrails;
import dev.acs.policy.PolicyData;
import dev.acs.policy.PolicyDecision;
import dev.acs.policy.PolicyInput;
import dev.acs.policy.PolicyInput.Actor;
import dev.acs.policy.PolicyInput.Findings;
import dev.acs.policy.PolicyInput.Repository;
import dev.acs.policy.PolicyInput.Task;
import dev.acs.policy.PolicyInput.Trigger;
import dev.acs.policy.TestIntegritySignals;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two changes the attack measured (a binary file holding a GitHub token, an AWS key and a
 * private-key block; a UTF-16 text holding a token), made in a real JGit repository and judged
 * from the workspace's own diff by the built-in guardrails with the shipped policy data.
 */
class SecretScanOfRealChangesTest {
  // Fake credentials in the real formats, assembled at run time so that no scanner flags this file.
  static final String GH_TOKEN = "gh" + "p_" + "R4nd0mLooking1234567890abcdefGHIJklmn";
  static final String AWS_ID = "AK" + "IA" + "IOSFODNN7QX3MPLE";
  static final String PEM = "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx4Ul2kTfJ3pQk8r1vN0aBcDeFgHiJkLmNoPqRsTuVwXyZ01\n"
      + "-----END RSA PRIVATE KEY-----\n";

  @TempDir Path tmp;
  Path dir;
  Git git;
  Workspaces workspaces;
  final Guardrails guardrails = new Guardrails(PolicyData.shipped(), List::of);

  @BeforeEach
  void repo() throws Exception {
    dir = tmp.resolve("repo");
    git = Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call();
    Files.writeString(dir.resolve("README.md"), "# demo\n");
    git.add().addFilepattern(".").call();
    git.commit().setMessage("base").setAuthor(new PersonIdent("Dev", "dev@example.org"))
        .setCommitter(new PersonIdent("Dev", "dev@example.org")).setSign(false).call();
    workspaces = new Workspaces(new WorkspaceSettings(tmp.resolve("work"), false, BotIdentity.forApp("acs", 9L)));
  }

  @Test
  void aBinaryAndAUtf16FileWithSecretsAreDeniedNamingFileAndLine() throws Exception {
    try (Workspace ws = workspaces.openLocal(dir, "acs/7-assets", "main")) {
      byte[] binary = join(new byte[] {0, 1, 2, 3}, ascii("name=demo\n" + GH_TOKEN + "\n"), new byte[] {0, (byte) 0xfe},
          ascii("\n" + AWS_ID + "\n"), new byte[] {0, 0, 7}, ascii(PEM));
      Files.createDirectories(dir.resolve("assets"));
      Files.write(dir.resolve("assets/data.bin"), binary);
      Files.write(dir.resolve("notes-utf16.txt"), join(new byte[] {(byte) 0xff, (byte) 0xfe},
          ("first line\r\nsecond: " + GH_TOKEN + "\r\n").getBytes(StandardCharsets.UTF_16LE)));
      ws.commitAll("Add assets", "t-7");

      ChangeSummary s = ws.changeSummary("main");
      assertThat(s.diff()).contains("+++ b/assets/data.bin\nBinary files differ\nGIT binary patch\nliteral ")
          .doesNotContain(GH_TOKEN).doesNotContain(AWS_ID);

      PolicyDecision d = guardrails.decide(push(s.toChange(ws.branch(), "main", TestIntegritySignals.of(s.diff()))));

      assertThat(d.allow()).isFalse();
      assertThat(d.deny()).contains(
          "possible secret (GitHub token in binary content) added in assets/data.bin line 2: remove it, and revoke it if it is real (built-in secret scan)",
          "possible secret (AWS access key id in binary content) added in assets/data.bin line 4: remove it, and revoke it if it is real (built-in secret scan)",
          "possible secret (private key block in binary content) added in assets/data.bin line 5: remove it, and revoke it if it is real (built-in secret scan)",
          "possible secret (GitHub token in UTF-16LE text) added in notes-utf16.txt line 2: remove it, and revoke it if it is real (built-in secret scan)");
      assertThat(String.join("\n", d.deny())).doesNotContain(GH_TOKEN.substring(4)).doesNotContain(AWS_ID.substring(4)).doesNotContain("MIIE");
    }
  }

  @Test
  void anUncommittedArchiveIsDeniedUnlessTheDataAllowsItsPath() throws Exception {
    try (Workspace ws = workspaces.openLocal(dir, "acs/8-wrapper", "main")) {
      ByteArrayOutputStream zip = new ByteArrayOutputStream();
      try (ZipOutputStream out = new ZipOutputStream(zip)) {
        out.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
        out.write(ascii("Manifest-Version: 1.0\n"));
        out.closeEntry();
      }
      Files.createDirectories(dir.resolve("gradle/wrapper"));
      Files.write(dir.resolve("gradle/wrapper/gradle-wrapper.jar"), zip.toByteArray());

      ChangeSummary s = ws.uncommittedChange("main");
      PolicyInput input = push(s.toChange(ws.branch(), "main", TestIntegritySignals.of(s.diff())));

      assertThat(guardrails.decide(input).deny()).containsExactly(
          "gradle/wrapper/gradle-wrapper.jar cannot be inspected for secrets: a zip archive; ACS may add such a file only where"
              + " the policy data allows it (built-in secret scan; data: acs.paths.uninspectable_allowed)");
      PolicyData allowing = PolicyData.parse(
          "{\"acs\":{\"paths\":{\"uninspectable_allowed\":[\"gradle/wrapper/*.jar\"]}}}".getBytes(StandardCharsets.UTF_8), "test");
      assertThat(new Guardrails(allowing, List::of).decide(input).allow()).isTrue();
    }
  }

  private static PolicyInput push(PolicyInput.Change change) {
    return new PolicyInput("push", new Repository("o/r", true, false, "main"), new Actor("alice", "User", "write"),
        new Trigger("issues", "labeled", null), new Task("t-7", 7, 1, 0, 0, null), change, Findings.NONE, Map.of());
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] join(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
