package dev.acs.policy;

import dev.acs.policy.PolicyInput.Change;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The policy ACS applies itself, always, with or without an OPA engine: every rule of the
 * default policy (policies/acs/decision.rego, in Java as {@link DefaultRules}, read from the same
 * policies/data.json), and the checks only Java can make: every path stays inside the workspace,
 * nothing is written under {@code .git/}, and a secret scan of every added byte before a push (text, binary content, other encodings). A
 * push whose diff is not attached cannot be scanned and is denied: the scan must never be skipped
 * by accident. An organisation relaxes a default rule through the data (its bundle's data.json or
 * {@code ACS_POLICY_DATA}), which both this and its Rego read; its own Rego can only add rules.
 */
public final class Guardrails implements PolicyGate {
  public static final String NAME = "guardrails";

  private final PolicyData data;
  private final DefaultRules rules;
  private final Supplier<? extends Collection<String>> ownSecrets;

  /**
   * @param ownSecrets ACS's own credentials (App private key, current installation tokens); asked
   *     for on every decision because tokens rotate
   */
  public Guardrails(PolicyData data, Supplier<? extends Collection<String>> ownSecrets) {
    this.data = data;
    this.rules = new DefaultRules(data);
    this.ownSecrets = ownSecrets == null ? List::of : ownSecrets;
  }

  @Override
  public String name() {
    return NAME;
  }

  public PolicyData data() {
    return data;
  }

  @Override
  public PolicyDecision decide(PolicyInput input) {
    String action = input.action() == null ? "" : input.action();
    Set<String> deny = new LinkedHashSet<>();
    DefaultRules.Verdict verdict = rules.decide(input);

    // Built-in checks first: they explain the most basic problems.
    Change change = input.change();
    boolean changeAction = DefaultRules.CHANGE_ACTIONS.contains(action);
    List<String> paths = new ArrayList<>();
    if (changeAction && change != null && change.files() != null) {
      paths.addAll(DefaultRules.changedPaths(change.files()));
    }
    if (action.equals("plan") && input.plan() != null) {
      paths.addAll(input.plan().files());
    }
    for (String path : paths) {
      String problem = confinementProblem(path);
      if (problem != null) {
        deny.add("the path '" + DefaultRules.printable(String.valueOf(path)) + "' " + problem + " (rule: confinement; built-in guardrail)");
      } else if (underGit(path)) {
        deny.add("the path '" + DefaultRules.printable(path) + "' is inside .git/, which ACS never writes (rule: git_dir; built-in guardrail)");
      }
    }
    if (action.equals("push")) {
      if (change == null) {
        deny.add("a push must carry its change to be judged (rule: change_missing; built-in guardrail)");
      } else if (change.diff() == null) {
        deny.add("the diff of the push was not given, so it could not be scanned for secrets (rule: diff_missing; built-in guardrail)");
      }
    }
    if (changeAction && change != null && change.diff() != null) {
      deny.addAll(secretProblems(change.diff()));
    }
    deny.addAll(verdict.deny());
    boolean allow = deny.isEmpty() && DefaultRules.ACTIONS.contains(action);
    return new PolicyDecision(allow, List.copyOf(deny), List.copyOf(verdict.warn()), verdict.requireApproval(), NAME);
  }

  /**
   * The secret scan of every added byte of the diff (text lines, binary patches, UTF-16/32 and
   * NUL-interleaved text), and the added files it cannot see into; never echoes what it found.
   */
  private List<String> secretProblems(String diff) {
    List<String> problems = new ArrayList<>();
    SecretScan.Report scan;
    try {
      scan = SecretScan.scanChange(diff, ownSecrets.get(), data.uninspectableAllowed());
    } catch (IllegalArgumentException e) {
      problems.add("the diff could not be read for the secret scan: " + e.getMessage() + " (rule: diff_unreadable; built-in guardrail)");
      scan = new SecretScan.Report(List.of(), List.of());
    }
    for (SecretScan.Hit hit : scan.hits()) {
      problems.add(
          "possible secret (" + hit.kind() + ") added in " + DefaultRules.printable(hit.path()) + " line " + hit.line()
              + ": remove it, and revoke it if it is real (built-in secret scan)");
    }
    for (SecretScan.Opaque o : scan.opaque()) {
      problems.add(
          DefaultRules.printable(o.path()) + (o.line() > 0 ? " line " + o.line() : "") + " cannot be inspected for secrets: "
              + DefaultRules.printable(o.why()) + "; ACS may add such a file only where the policy data allows it"
              + " (built-in secret scan; data: acs.paths.uninspectable_allowed)");
    }
    return problems;
  }

  /** Why the path would leave the workspace, or null if it stays inside. */
  static String confinementProblem(String path) {
    if (path == null || path.isBlank()) {
      return "is empty";
    }
    if (path.startsWith("/") || path.startsWith("~") || path.matches("^[A-Za-z]:.*")) {
      return "is absolute, outside the workspace";
    }
    if (path.indexOf('\\') >= 0) {
      return "contains a backslash";
    }
    for (int i = 0; i < path.length(); i++) {
      if (Character.isISOControl(path.charAt(i))) {
        return "contains a control character";
      }
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        return "climbs out of the workspace with '..'";
      }
      if (segment.isEmpty() || segment.equals(".")) {
        return "is not a normalized relative path";
      }
    }
    return null;
  }

  static boolean underGit(String path) {
    for (String segment : path.split("/")) {
      if (segment.toLowerCase(Locale.ROOT).equals(".git")) {
        return true;
      }
    }
    return false;
  }
}
