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
    assertThat(d.deny().stream().map(PolicyDecision::ruleOf)).containsAnyOf("confinement", "git_dir");
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
    assertThat(over.deny())
        .containsExactly("repair attempt 4 is over the limit of 3 attempts per task (rule: max_repair_attempts; data: acs.limits.max_repair_attempts)");
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
    assertThat(guardrails.decide(merge).deny())
        .containsExactly("unknown action \"merge\"; expected one of plan, push, open_pr, ready_for_review, command (rule: unknown_action)");
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

  @Test
  void theRepositorysOwnProtectedPathsAreDenied() {
    Change change = Inputs.files("db/migrations/V1__init.sql", "src/main/java/A.java");
    PolicyInput in = new PolicyInput("push", Inputs.REPO, Inputs.WRITER, new PolicyInput.Trigger("issues", "labeled", null), Inputs.task(1),
        change, PolicyInput.Findings.NONE, java.util.Map.of("protected_paths", List.of("db/migrations/**")));
    PolicyDecision d = guardrails.decide(in);
    assertThat(d.allow()).isFalse();
    assertThat(d.deny()).containsExactly(
        "the change touches db/migrations/V1__init.sql, a path the repository protects (rule: repo_protected_path; protected_paths in .github/acs.yml)");
    assertThat(DenyExplanation.render(in, d)).contains("`protected_paths` in `.github/acs.yml`");
  }

  @Test
  void aRepositoryPatternThatCannotBeReadProtectsEverythingRatherThanNothing() {
    PolicyInput in = new PolicyInput("push", Inputs.REPO, Inputs.WRITER, new PolicyInput.Trigger("issues", "labeled", null), Inputs.task(1),
        Inputs.files("src/main/java/A.java"), PolicyInput.Findings.NONE, java.util.Map.of("protected_paths", List.of("db/{migrations")));
    assertThat(guardrails.decide(in).deny()).singleElement().asString().contains("cannot be read").contains("rule: repo_protected_path");
  }

  @Test
  void aRemovedSubmoduleIsDeniedAnUpdatedOneIsNot() {
    List<PolicyInput.FileChange> removed = List.of(new PolicyInput.FileChange("vendor/lib", "removed", 0, 1, null, true));
    PolicyDecision d = guardrails.decide(Inputs.push(new Change("b", "main", 0, 1, removed, PolicyInput.TestIntegrity.CLEAN, ""), 1));
    assertThat(d.deny()).containsExactly("the change removes the submodule vendor/lib, which ACS may not do (rule: submodule_removed)");
    List<PolicyInput.FileChange> updated = List.of(new PolicyInput.FileChange("vendor/lib", "modified", 1, 1, null, true));
    assertThat(guardrails.decide(Inputs.push(new Change("b", "main", 1, 1, updated, PolicyInput.TestIntegrity.CLEAN, ""), 1)).allow()).isTrue();
  }

  @Test
  void everyDefaultRuleHoldsWithTheJarAlone() {
    Change hostile = new Change("b", "main", 1, 0,
        List.of(new PolicyInput.FileChange(".github/workflows/x.yml", "added", 1, 0), new PolicyInput.FileChange("CODEOWNERS", "modified", 1, 0),
            new PolicyInput.FileChange("src/test/java/ATest.java", "removed", 0, 9)),
        new PolicyInput.TestIntegrity(2, 3, 1, true, 1, true, List.of()), "");
    PolicyDecision d = guardrails.decide(Inputs.push(hostile, 1));
    assertThat(d.deny().stream().map(PolicyDecision::ruleOf)).containsExactlyInAnyOrder(
        "workflow", "protected_path", "tests_deleted", "test_files_deleted", "assertions_removed", "skips_added", "ci_config_changed",
        "test_config_changed");
  }

  @Test
  void relaxingARuleGoesThroughTheData() {
    PolicyData open = PolicyData.parse(
        "{\"acs\":{\"paths\":{\"workflows\":[]},\"test_integrity\":{\"allow_ci_config_changed\":true}}}".getBytes(), "org data");
    Change workflow = new Change("b", "main", 1, 0, List.of(new PolicyInput.FileChange(".github/workflows/x.yml", "added", 1, 0)),
        new PolicyInput.TestIntegrity(0, 0, 0, true), "");
    assertThat(guardrails.decide(Inputs.push(workflow, 1)).allow()).isFalse();
    assertThat(new Guardrails(open, List::of).decide(Inputs.push(workflow, 1)).allow()).isTrue();
  }
}
