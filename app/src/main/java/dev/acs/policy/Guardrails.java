package dev.acs.policy;

import dev.acs.policy.PolicyInput.Change;
import dev.acs.policy.PolicyInput.FileChange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The checks ACS applies itself, always, with or without an OPA engine: every path stays inside
 * the workspace, nothing is written under {@code .git/}, the repair-attempt limit, no secret-like
 * files, and a secret scan of every added line before a push. Limits and path lists come from the
 * same policies/data.json the Rego reads. A push whose diff is not attached cannot be scanned and
 * is denied: the scan must never be skipped by accident.
 */
public final class Guardrails implements PolicyGate {
  public static final String NAME = "guardrails";

  private final PolicyData data;
  private final Supplier<? extends Collection<String>> ownSecrets;

  /**
   * @param ownSecrets ACS's own credentials (App private key, current installation tokens); asked
   *     for on every decision because tokens rotate
   */
  public Guardrails(PolicyData data, Supplier<? extends Collection<String>> ownSecrets) {
    this.data = data;
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
    Set<String> deny = new LinkedHashSet<>();
    String action = input.action();
    if (action == null || !PolicyInput.ACTIONS.contains(action)) {
      deny.add("unknown action '" + printable(String.valueOf(action)) + "' (built-in guardrail)");
      return new PolicyDecision(false, List.copyOf(deny), List.of(), false, NAME);
    }

    deny.addAll(actorProblems(input));

    List<String> paths = new ArrayList<>();
    Change change = input.change();
    boolean changeAction = !action.equals("plan") && !action.equals("command");
    if (changeAction && change != null && change.files() != null) {
      for (FileChange f : change.files()) {
        paths.add(f.path());
        if (f.previousPath() != null) {
          paths.add(f.previousPath());
        }
      }
    }
    if (action.equals("plan") && input.plan() != null) {
      paths.addAll(input.plan().files());
    }

    for (String path : paths) {
      String problem = confinementProblem(path);
      if (problem != null) {
        deny.add("the path '" + printable(path) + "' " + problem + " (built-in guardrail)");
      } else if (underGit(path)) {
        deny.add("the path '" + printable(path) + "' is inside .git/, which ACS never writes (built-in guardrail)");
      } else if (changeAction && PathPattern.anyMatches(data.secretLike(), path)) {
        deny.add("the change touches " + printable(path) + ", a secret-like file, which ACS may not change (data: acs.paths.secret_like)");
      }
    }

    if (action.equals("push")) {
      if (input.task() != null && input.task().attempt() > data.maxRepairAttempts()) {
        deny.add(
            "repair attempt " + input.task().attempt() + " is over the limit of " + data.maxRepairAttempts()
                + " attempts per task (data: acs.limits.max_repair_attempts)");
      }
      if (change == null) {
        deny.add("a push must carry its change to be judged (built-in guardrail)");
      } else if (change.diff() == null) {
        deny.add("the diff of the push was not given, so it could not be scanned for secrets (built-in guardrail)");
      }
    }
    if (changeAction && change != null && change.diff() != null) {
      SecretScan.Report scan;
      try {
        scan = SecretScan.scanChange(change.diff(), ownSecrets.get(), data.uninspectableAllowed());
      } catch (IllegalArgumentException e) {
        deny.add("the diff could not be read for the secret scan: " + e.getMessage() + " (built-in guardrail)");
        scan = new SecretScan.Report(List.of(), List.of());
      }
      for (SecretScan.Hit hit : scan.hits()) {
        deny.add(
            "possible secret (" + hit.kind() + ") added in " + printable(hit.path()) + " line " + hit.line()
                + ": remove it, and revoke it if it is real (built-in secret scan)");
      }
      for (SecretScan.Opaque o : scan.opaque()) {
        deny.add(
            printable(o.path()) + (o.line() > 0 ? " line " + o.line() : "") + " cannot be inspected for secrets: "
                + printable(o.why()) + "; ACS may add such a file only where the policy data allows it"
                + " (built-in secret scan; data: acs.paths.uninspectable_allowed)");
      }
    }
    return new PolicyDecision(deny.isEmpty(), List.copyOf(deny), List.of(), false, NAME);
  }

  /**
   * Who may make ACS act, the same rules as the default Rego (acs.actors in the data), so that a
   * server without any OPA engine still acts only for people with write access.
   */
  private List<String> actorProblems(PolicyInput input) {
    List<String> problems = new ArrayList<>();
    if (input.actor() == null) {
      return List.of("the request names no actor, so nobody can be held to the policy (built-in guardrail)");
    }
    com.fasterxml.jackson.databind.JsonNode actors = data.document().path("acs").path("actors");
    String login = input.actor().login() == null ? "?" : input.actor().login();
    boolean bot = "Bot".equals(input.actor().type()) || login.endsWith("[bot]");
    boolean trustedBot = bot && strings(actors.path("allowed_bots")).contains(login);
    boolean openCommand = "command".equals(input.action()) && input.trigger() != null && input.trigger().command() != null
        && strings(actors.path("open_commands")).contains(input.trigger().command());
    if (bot && !trustedBot && !actors.path("allow_bots").asBoolean(false)) {
      problems.add("actor " + printable(login) + " is a bot and bots may not trigger or command ACS (data: acs.actors.allow_bots, acs.actors.allowed_bots)");
    }
    List<String> allowed = actors.path("permissions").isArray() ? strings(actors.path("permissions")) : List.of("admin", "maintain", "write");
    String permission = input.actor().permission() == null ? "none" : input.actor().permission();
    if (!trustedBot && !openCommand && !allowed.contains(permission)) {
      problems.add("actor " + printable(login) + " has '" + printable(permission) + "' permission on the repository; ACS acts only for "
          + String.join(", ", allowed) + " (data: acs.actors.permissions)");
    }
    if (input.trigger() != null && input.trigger().fromFork() && !actors.path("allow_forks").asBoolean(false)) {
      problems.add("the request by " + printable(login) + " comes from a fork and ACS does not act for forks (data: acs.actors.allow_forks)");
    }
    return problems;
  }

  private static List<String> strings(com.fasterxml.jackson.databind.JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
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

  /** Paths come from model output: keep messages to one plain line. */
  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints().limit(200).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }
}
