package dev.acs.policy;

import dev.acs.policy.PolicyInput.Change;
import dev.acs.policy.PolicyInput.FileChange;
import dev.acs.policy.PolicyInput.Finding;
import dev.acs.policy.PolicyInput.TestIntegrity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The default policy, policies/acs/decision.rego, rule for rule in Java, reading the same
 * policies/data.json: so that the jar alone enforces it, and an OPA engine beside it cannot lose
 * it. Each reason carries the same {@code (rule: <id>; …)} tag as the Rego's, and the parity
 * suite (DefaultRulesParityTest) runs every decision of decision_test.rego through both and fails
 * on any difference in allow, approval, the rule ids of the denies and warnings, or their wording.
 * Change a rule here and in the Rego together.
 */
final class DefaultRules {
  static final Set<String> ACTIONS = Set.copyOf(PolicyInput.ACTIONS);
  static final Set<String> CHANGE_ACTIONS = Set.of("push", "open_pr", "ready_for_review");
  static final Set<String> BUDGET_ACTIONS = Set.of("plan", "push", "open_pr", "ready_for_review");

  /** What the rules say: the same fields as the Rego decision, before the engine is named. */
  record Verdict(Set<String> deny, Set<String> warn, boolean requireApproval) {}

  private final PolicyData data;

  DefaultRules(PolicyData data) {
    this.data = data;
  }

  Verdict decide(PolicyInput input) {
    String action = input.action() == null ? "" : input.action();
    Set<String> deny = new LinkedHashSet<>();
    if (!ACTIONS.contains(action)) {
      deny.add("unknown action " + jsonString(printable(action))
          + "; expected one of plan, push, open_pr, ready_for_review, command (rule: unknown_action)");
    }
    actors(input, action, deny);
    boolean changeAction = CHANGE_ACTIONS.contains(action);
    Change change = changeAction ? input.change() : null;
    List<FileChange> files = change == null || change.files() == null ? List.of() : change.files();
    paths(changedPaths(files), input.config(), deny);
    for (FileChange f : files) {
      if (f != null && f.submodule() && "removed".equals(f.status())) {
        deny.add("the change removes the submodule " + text(f.path()) + ", which ACS may not do (rule: submodule_removed)");
      }
    }
    if (action.equals("push")) {
      limits(input, change, deny);
    }
    if (changeAction && input.findings() != null && input.findings().new_() != null) {
      findings(input.findings().new_(), deny);
    }
    if (BUDGET_ACTIONS.contains(action)) {
      budget(input, deny);
    }
    Set<String> warn = new LinkedHashSet<>();
    if (changeAction) {
      testIntegrity(change == null ? null : change.testIntegrity(), deny);
      if (touchesSource(files) && !touchesTest(files)) {
        warn.add("the change touches source code but no test (rule: source_without_test; data: acs.tests.source_patterns, acs.tests.test_patterns)");
      }
    }
    Set<String> approval = action.equals("plan") ? approvalReasons(input) : Set.of();
    warn.addAll(approval);
    return new Verdict(deny, warn, !approval.isEmpty());
  }

  private void actors(PolicyInput input, String action, Set<String> deny) {
    PolicyInput.Actor actor = input.actor();
    String login = actor == null || actor.login() == null ? "?" : printable(actor.login());
    String permission = actor == null || actor.permission() == null ? "none" : printable(actor.permission());
    boolean bot = (actor != null && "Bot".equals(actor.type())) || login.endsWith("[bot]");
    boolean trustedBot = bot && data.strings("actors", "allowed_bots", List.of()).contains(login);
    boolean openCommand = action.equals("command") && input.trigger() != null && input.trigger().command() != null
        && data.strings("actors", "open_commands", List.of()).contains(input.trigger().command());
    if (bot && !trustedBot && !data.flag("actors", "allow_bots", false)) {
      deny.add("actor " + login + " is a bot and bots may not trigger or command ACS"
          + " (rule: bot_actor; data: acs.actors.allow_bots, acs.actors.allowed_bots)");
    }
    List<String> allowed = data.strings("actors", "permissions", PolicyData.DEFAULT_PERMISSIONS);
    if (!trustedBot && !openCommand && !allowed.contains(permission)) {
      deny.add("actor " + login + " has '" + permission + "' permission on the repository; ACS acts only for "
          + String.join(", ", allowed) + " (rule: actor_permission; data: acs.actors.permissions)");
    }
    if (input.trigger() != null && input.trigger().fromFork() && !data.flag("actors", "allow_forks", false)) {
      deny.add("the request by " + login + " comes from a fork and ACS does not act for forks (rule: fork; data: acs.actors.allow_forks)");
    }
  }

  /** Every path a change touches, the old name of a renamed file included. */
  static Set<String> changedPaths(Collection<FileChange> files) {
    Set<String> paths = new LinkedHashSet<>();
    for (FileChange f : files) {
      if (f == null) {
        continue;
      }
      if (f.path() != null) {
        paths.add(f.path());
      }
      if (f.previousPath() != null) {
        paths.add(f.previousPath());
      }
    }
    return paths;
  }

  private void paths(Set<String> paths, Map<String, Object> config, Set<String> deny) {
    List<PathPattern> repoProtected = repositoryProtected(config, deny);
    for (String raw : paths) {
      String path = printable(raw);
      if (PathPattern.anyMatches(data.workflows(), raw)) {
        deny.add("the change touches " + path + ", a CI workflow, which ACS may not change (rule: workflow; data: acs.paths.workflows)");
      }
      if (PathPattern.anyMatches(data.secretLike(), raw)) {
        deny.add("the change touches " + path + ", a secret-like file, which ACS may not change (rule: secret_like; data: acs.paths.secret_like)");
      }
      if (PathPattern.anyMatches(data.protectedPaths(), raw)) {
        deny.add("the change touches " + path + ", a protected path (rule: protected_path; data: acs.paths.protected)");
      }
      if (PathPattern.anyMatches(repoProtected, raw)) {
        deny.add("the change touches " + path + ", a path the repository protects (rule: repo_protected_path; protected_paths in .github/acs.yml)");
      }
    }
  }

  /**
   * The repository's own {@code protected_paths} from the input's config (non-empty strings; the
   * rest is ignored, as by the Rego). A pattern that cannot be read protects nothing in the Rego
   * (glob.match fails); here it denies, so that a typo never opens a path.
   */
  private static List<PathPattern> repositoryProtected(Map<String, Object> config, Set<String> deny) {
    Object listed = config == null ? null : config.get("protected_paths");
    if (!(listed instanceof Collection<?> patterns)) {
      return List.of();
    }
    List<PathPattern> out = new ArrayList<>();
    for (Object p : patterns) {
      if (p instanceof String glob && !glob.isEmpty()) {
        try {
          out.add(PathPattern.of(glob));
        } catch (IllegalArgumentException e) {
          deny.add("the repository's protected_paths pattern " + jsonString(glob) + " cannot be read: " + e.getMessage()
              + " (rule: repo_protected_path; protected_paths in .github/acs.yml)");
        }
      }
    }
    return out;
  }

  private void limits(PolicyInput input, Change change, Set<String> deny) {
    if (change != null && change.files() != null) {
      int files = change.files().size();
      double limit = data.number("limits", "max_files_per_push", 25);
      if (files > limit) {
        deny.add("the push changes " + files + " files, more than the limit of " + number(limit)
            + " (rule: max_files_per_push; data: acs.limits.max_files_per_push)");
      }
    }
    if (change != null) {
      long lines = (long) change.additions() + change.deletions();
      double limit = data.number("limits", "max_changed_lines_per_push", 1000);
      if (lines > limit) {
        deny.add("the push changes " + lines + " lines, more than the limit of " + number(limit)
            + " (rule: max_changed_lines_per_push; data: acs.limits.max_changed_lines_per_push)");
      }
    }
    if (input.task() != null) {
      int attempt = input.task().attempt();
      double limit = data.number("limits", "max_repair_attempts", PolicyData.DEFAULT_MAX_REPAIR_ATTEMPTS);
      if (attempt > limit) {
        deny.add("repair attempt " + attempt + " is over the limit of " + number(limit)
            + " attempts per task (rule: max_repair_attempts; data: acs.limits.max_repair_attempts)");
      }
    }
  }

  private void findings(List<Finding> found, Set<String> deny) {
    List<String> severities = data.strings("findings", "blocking_severities", List.of("high"));
    List<String> tools = data.strings("findings", "tools", List.of("pmd", "spotbugs"));
    for (Finding f : found) {
      if (f == null || f.severity() == null || f.tool() == null) {
        continue; // lower() of a missing field is undefined in the Rego: the rule does not fire
      }
      if (severities.contains(f.severity().toLowerCase(Locale.ROOT)) && tools.contains(f.tool().toLowerCase(Locale.ROOT))) {
        deny.add("new " + f.severity() + "-severity " + f.tool() + " finding " + text(f.rule()) + " at " + text(f.path()) + ":"
            + f.line() + " (rule: finding; data: acs.findings.blocking_severities)");
      }
    }
  }

  private void budget(PolicyInput input, Set<String> deny) {
    if (input.task() == null) {
      return;
    }
    OptionalDouble budget = input.task().budgetUsd() != null
        ? OptionalDouble.of(input.task().budgetUsd())
        : data.defaultTaskBudgetUsd();
    double cost = input.task().costUsd();
    if (budget.isPresent() && cost > budget.getAsDouble()) {
      deny.add("the task's model cost of $" + number(cost) + " is over its budget of $" + number(budget.getAsDouble())
          + " (rule: budget; task budget_usd, or data: acs.limits.default_task_budget_usd)");
    }
  }

  private void testIntegrity(TestIntegrity t, Set<String> deny) {
    TestIntegrity signals = t == null ? TestIntegrity.CLEAN : t;
    count(signals.testsDeleted(), "max_tests_deleted", deny,
        n -> "the change deletes " + n + " test(s); at most %s may be deleted (rule: tests_deleted; data: acs.test_integrity.max_tests_deleted)");
    count(signals.testFilesDeleted(), "max_test_files_deleted", deny,
        n -> "the change deletes " + n + " test file(s); at most %s may be deleted (rule: test_files_deleted; data: acs.test_integrity.max_test_files_deleted)");
    count(signals.assertionsRemoved(), "max_assertions_removed", deny,
        n -> "the change removes " + n + " assertion(s) from tests; at most %s may be removed (rule: assertions_removed; data: acs.test_integrity.max_assertions_removed)");
    count(signals.skipsAdded(), "max_skips_added", deny,
        n -> "the change disables or skips tests in " + n + " place(s); at most %s are allowed (rule: skips_added; data: acs.test_integrity.max_skips_added)");
    if (signals.ciConfigChanged() && !data.flag("test_integrity", "allow_ci_config_changed", false)) {
      deny.add("the change modifies CI configuration (rule: ci_config_changed; data: acs.test_integrity.allow_ci_config_changed)");
    }
    if (signals.testConfigChanged() && !data.flag("test_integrity", "allow_test_config_changed", false)) {
      deny.add("the change modifies test configuration such as surefire, failsafe, jest or pytest settings"
          + " (rule: test_config_changed; data: acs.test_integrity.allow_test_config_changed)");
    }
  }

  private void count(int n, String key, Set<String> deny, IntFunction<String> message) {
    double limit = data.number("test_integrity", key, 0);
    if (n > limit) {
      deny.add(message.apply(n).formatted(number(limit)));
    }
  }

  private boolean isTest(String path) {
    return PathPattern.anyMatches(data.testPatterns(), path);
  }

  private boolean touchesSource(List<FileChange> files) {
    return files.stream().anyMatch(f -> f != null && !"removed".equals(f.status()) && f.path() != null
        && PathPattern.anyMatches(data.sourcePatterns(), f.path()) && !isTest(f.path()));
  }

  private boolean touchesTest(List<FileChange> files) {
    return files.stream().anyMatch(f -> f != null && isTest(f.path()));
  }

  private Set<String> approvalReasons(PolicyInput input) {
    Set<String> reasons = new LinkedHashSet<>();
    Set<String> planned = new LinkedHashSet<>();
    if (input.plan() != null) {
      input.plan().files().stream().filter(p -> p != null).forEach(planned::add);
    }
    double limit = data.number("plan", "approval_files", 10);
    if (planned.size() > limit) {
      reasons.add("approval needed: the plan touches " + planned.size() + " files, more than " + number(limit)
          + " (rule: plan_approval_files; data: acs.plan.approval_files)");
    }
    List<PathPattern> repoProtected = repositoryProtected(input.config(), new LinkedHashSet<>());
    for (String path : planned) {
      if (PathPattern.anyMatches(data.workflows(), path) || PathPattern.anyMatches(data.secretLike(), path)
          || PathPattern.anyMatches(data.protectedPaths(), path) || PathPattern.anyMatches(repoProtected, path)) {
        reasons.add("approval needed: the plan touches " + printable(path) + ", a protected path (rule: plan_sensitive_path; data: acs.paths)");
      }
    }
    if (data.flag("plan", "always_require_approval", false)) {
      reasons.add("approval needed: every plan needs approval (rule: plan_always_approval; data: acs.plan.always_require_approval)");
    }
    return reasons;
  }

  /** A number as json.marshal writes it: no ".0" on whole numbers. */
  static String number(double n) {
    return BigDecimal.valueOf(n).stripTrailingZeros().toPlainString();
  }

  private static String text(String s) {
    return s == null ? "null" : printable(s);
  }

  /**
   * Paths and names come from model output and webhooks: keep a reason one plain line (control
   * characters as '?', at most 200 characters). Such a path is denied by the guardrails anyway.
   */
  static String printable(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints().limit(200).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }

  private static String jsonString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return out.append('"').toString();
  }
}
