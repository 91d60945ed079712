package dev.acs.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.policy.PolicyInput.Change;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GuardrailsTest {
  private final Guardrails guardrails = new Guardrails(PolicyData.shipped(), List::of);

  @Test
  void aCleanPushIsAllowed() {
    PolicyDecision d = guardrails.decide(Inputs.push());
    assertThat(d.allow()).as(d.deny().toString()).isTrue();
    assertThat(d.engine()).isEqualTo("guardrails");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/etc/passwd              | is absolute",
        "~/.ssh/config            | is absolute",
        "C:/Windows/x             | is absolute",
        "../outside.txt           | climbs out of the workspace",
        "src/../../outside.txt    | climbs out of the workspace",
        "src//A.java              | is not a normalized relative path",
        "./src/A.java             | is not a normalized relative path",
        "src\\A.java              | contains a backslash",
        ".git/config              | is inside .git/",
        "sub/.git/hooks/pre-push  | is inside .git/",
        ".GIT/HEAD                | is inside .git/",
      })
  void pathsStayInTheWorkspace(String path, String problem) {
    PolicyDecision d = guardrails.decide(Inputs.push(Inputs.files(path), 1));
    assertThat(d.allow()).isFalse();
    assertThat(d.deny()).anyMatch(r -> r.contains(problem) && r.contains("built-in guardrail"));
  }

  @Test
  void planPathsStayInTheWorkspaceToo() {
    assertThat(guardrails.decide(Inputs.plan("src/A.java", "../x")).allow()).isFalse();
    assertThat(guardrails.decide(Inputs.plan("src/A.java", ".github/workflows/ci.yml")).allow()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {".env", "config/.env.prod", "certs/tls.pem", "id_rsa", "signing.key", "store.p12"})
  void secretLikeFilesAreDenied(String path) {
    PolicyDecision d = guardrails.decide(Inputs.push(Inputs.files(path), 1));
    assertThat(d.deny()).anyMatch(r -> r.contains(path + ", a secret-like file") && r.contains("acs.paths.secret_like"));
  }

  @Test
  void secretLikePatternsComeFromData() {
    PolicyData data = PolicyData.parse("{\"acs\":{\"paths\":{\"secret_like\":[\"*.secret\"]}}}".getBytes(), "test");
    Guardrails custom = new Guardrails(data, List::of);
    assertThat(custom.decide(Inputs.push(Inputs.files("a.secret"), 1)).allow()).isFalse();
    assertThat(custom.decide(Inputs.push(Inputs.files("a.pem"), 1)).allow()).isTrue();
  }

  @Test
  void attemptLimitComesFromData() {
    assertThat(guardrails.decide(Inputs.push(Inputs.files("src/A.java"), 3)).allow()).isTrue();
    PolicyDecision over = guardrails.decide(Inputs.push(Inputs.files("src/A.java"), 4));
    assertThat(over.deny()).containsExactly("repair attempt 4 is over the limit of 3 attempts per task (data: acs.limits.max_repair_attempts)");
    PolicyData five = PolicyData.parse("{\"acs\":{\"limits\":{\"max_repair_attempts\":5}}}".getBytes(), "test");
    assertThat(new Guardrails(five, List::of).decide(Inputs.push(Inputs.files("src/A.java"), 4)).allow()).isTrue();
  }

  @Test
  void aPushWithoutItsDiffIsDenied() {
    Change noDiff = new Change("b", "main", 1, 0, Inputs.files("src/A.java").files(), PolicyInput.TestIntegrity.CLEAN);
    PolicyDecision d = guardrails.decide(Inputs.push(noDiff, 1));
    assertThat(d.allow()).isFalse();
    assertThat(d.deny()).anyMatch(r -> r.contains("could not be scanned for secrets"));
    assertThat(guardrails.decide(Inputs.push(null, 1)).allow()).isFalse();
  }

  @Test
  void aSecretInTheDiffBlocksThePushWithoutBeingEchoed() {
    String token = SecretScanTest.GH_TOKEN;
    String diff =
        """
        diff --git a/src/main/resources/app.yml b/src/main/resources/app.yml
        --- a/src/main/resources/app.yml
        +++ b/src/main/resources/app.yml
        @@ -3,0 +4 @@ server:
        +  token: %s
        """
            .formatted(token);
    PolicyDecision d = guardrails.decide(Inputs.push(DiffChange.of("b", "main", diff), 1));
    assertThat(d.allow()).isFalse();
    assertThat(d.deny())
        .containsExactly(
            "possible secret (GitHub token) added in src/main/resources/app.yml line 4: remove it, and revoke it if it is real (built-in secret scan)");
    assertThat(String.join(" ", d.deny())).doesNotContain(token.substring(4));
  }

  @Test
  void ownCredentialsAreAskedForOnEveryDecision() {
    String[] current = {"first-token-value-123"};
    Guardrails g = new Guardrails(PolicyData.shipped(), () -> List.of(current[0]));
    String diff =
        """
        diff --git a/README.md b/README.md
        --- a/README.md
        +++ b/README.md
        @@ -1,0 +2 @@
        +rotated: second-token-value-456
        """;
    assertThat(g.decide(Inputs.push(DiffChange.of("b", "main", diff), 1)).allow()).isTrue();
    current[0] = "second-token-value-456";
    assertThat(g.decide(Inputs.push(DiffChange.of("b", "main", diff), 1)).deny()).anyMatch(r -> r.contains("ACS's own credential"));
  }

  @Test
  void unreadableDiffIsDenied() {
    Change broken = new Change("b", "main", 1, 0, Inputs.files("a.txt").files(), PolicyInput.TestIntegrity.CLEAN,
        "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,5 +1,5 @@\n x\n");
    assertThat(guardrails.decide(Inputs.push(broken, 1)).deny()).anyMatch(r -> r.contains("could not be read for the secret scan"));
  }

  @Test
  void commandsAndUnknownActions() {
    assertThat(guardrails.decide(Inputs.command("status", "write")).allow()).isTrue();
    assertThat(guardrails.decide(Inputs.command("status", "read")).deny())
        .singleElement().asString().contains("has 'read' permission").contains("acs.actors.permissions");
    PolicyInput merge = new PolicyInput("merge", Inputs.REPO, Inputs.WRITER, null, null, null, null, null);
    assertThat(guardrails.decide(merge).deny()).containsExactly("unknown action 'merge' (built-in guardrail)");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1} {2} fork={3} -> {4}")
  @org.junit.jupiter.params.provider.CsvSource({
    "alice, User, admin, false, true",
    "alice, User, maintain, false, true",
    "alice, User, write, false, true",
    "alice, User, triage, false, false",
    "alice, User, none, false, false",
    "renovate[bot], Bot, write, false, false",
    "alice, User, write, true, false",
  })
  void actsOnlyForWritersWithoutAnyEngine(String login, String type, String permission, boolean fork, boolean allowed) {
    PolicyInput in = new PolicyInput("command", Inputs.REPO, new PolicyInput.Actor(login, type, permission),
        new PolicyInput.Trigger("issue_comment", "created", "plan", fork), null, null, null, null);
    assertThat(guardrails.decide(in).allow()).isEqualTo(allowed);
  }
}
