package dev.acs.policy;

import dev.acs.policy.PolicyInput.Actor;
import dev.acs.policy.PolicyInput.Change;
import dev.acs.policy.PolicyInput.FileChange;
import dev.acs.policy.PolicyInput.Findings;
import dev.acs.policy.PolicyInput.Plan;
import dev.acs.policy.PolicyInput.Repository;
import dev.acs.policy.PolicyInput.Task;
import dev.acs.policy.PolicyInput.TestIntegrity;
import dev.acs.policy.PolicyInput.Trigger;
import java.util.List;
import java.util.Map;

/** Policy inputs for tests, shaped like the example in the design contract. */
final class Inputs {
  private Inputs() {}

  static final Repository REPO = new Repository("o/r", true, false, "main");
  static final Actor WRITER = new Actor("alice", "User", "write");

  static final String DIFF =
      """
      diff --git a/src/main/java/A.java b/src/main/java/A.java
      index 1111111..2222222 100644
      --- a/src/main/java/A.java
      +++ b/src/main/java/A.java
      @@ -1,3 +1,4 @@
       class A {
      -  int x;
      +  int x = 1;
      +  int y = 2;
       }
      """;

  static Task task(int attempt) {
    return new Task("t-1", 12, attempt, 48213, 0.41, null);
  }

  static PolicyInput push() {
    return push(DiffChange.of("acs/12-fix-npe", "main", DIFF), 2);
  }

  static PolicyInput push(Change change, int attempt) {
    return new PolicyInput(
        "push", REPO, WRITER, new Trigger("check_suite", "completed", null), task(attempt), change, Findings.NONE, Map.of());
  }

  static Change files(String... paths) {
    List<FileChange> files = java.util.Arrays.stream(paths).map(p -> new FileChange(p, "modified", 1, 0)).toList();
    return new Change("acs/1-x", "main", files.size(), 0, files, TestIntegrity.CLEAN, "");
  }

  static PolicyInput plan(String... paths) {
    return new PolicyInput(
        "plan", REPO, WRITER, new Trigger("issues", "labeled", null), task(0), null, Findings.NONE, Map.of(), new Plan(List.of(paths)));
  }

  static PolicyInput command(String command, String permission) {
    return new PolicyInput(
        "command",
        REPO,
        new Actor("carol", "User", permission),
        new Trigger("issue_comment", "created", command),
        null,
        null,
        Findings.NONE,
        Map.of());
  }
}
