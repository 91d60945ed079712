package dev.acs.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a policy decision as the markdown ACS posts in a comment and in the ACS check run:
 * which rules denied, the warnings, where tests were weakened, and how to change the policy (the
 * policies/data.json keys the reasons name, docs/policies.md). Pure; the reasons may quote paths
 * written by a model, so markdown in them is neutralised.
 */
public final class DenyExplanation {
  public static final String DOCS = "docs/policies.md";

  private static final Pattern KNOBS = Pattern.compile("data: ([a-z0-9_., ]+)\\)");

  private DenyExplanation() {}

  public static String render(PolicyInput input, PolicyDecision decision) {
    String action = input == null || input.action() == null ? "action" : input.action();
    StringBuilder md = new StringBuilder();
    if (!decision.allow()) {
      md.append("### ACS policy: `").append(code(action)).append("` denied\n\n");
      md.append("ACS did not ").append(verb(action)).append(" because the policy denied it (decided by `")
          .append(code(decision.engine())).append("`).\n\n");
      md.append("**Denied because**\n\n");
      decision.deny().forEach(r -> md.append("- ").append(text(r)).append('\n'));
      md.append('\n');
      List<String> where = where(input, decision);
      if (!where.isEmpty()) {
        md.append("**Where**\n\n");
        where.forEach(w -> md.append("- ").append(w).append('\n'));
        md.append('\n');
      }
    } else if (decision.requireApproval()) {
      md.append("### ACS policy: `").append(code(action)).append("` needs approval\n\n");
      md.append("A person with write access must approve this plan first: comment `/acs approve` (decided by `")
          .append(code(decision.engine())).append("`).\n\n");
    } else {
      md.append("### ACS policy: `").append(code(action)).append("` allowed")
          .append(decision.warn().isEmpty() ? "" : " with warnings").append("\n\n");
      md.append("Decided by `").append(code(decision.engine())).append("`.\n\n");
    }
    if (!decision.warn().isEmpty()) {
      md.append("**Warnings**\n\n");
      decision.warn().forEach(w -> md.append("- ").append(text(w)).append('\n'));
      md.append('\n');
    }
    List<String> details =
        input == null || input.change() == null || input.change().testIntegrity() == null
            ? List.of()
            : input.change().testIntegrity().details();
    if (!details.isEmpty() && mentionsTests(decision)) {
      md.append("**Where the tests were weakened**\n\n");
      details.forEach(d -> md.append("- ").append(text(d)).append('\n'));
      md.append('\n');
    }
    List<String> howTo = howToChange(decision);
    if (!howTo.isEmpty()) {
      md.append("**How to change this**\n\n");
      howTo.forEach(h -> md.append("- ").append(h).append('\n'));
      md.append('\n');
    }
    return md.toString().stripTrailing() + "\n";
  }

  /**
   * The first changed line of each file a path rule denied, with the rules: the reasons name the
   * file (the Rego never sees the diff), this adds the line from the diff ACS holds.
   */
  private static List<String> where(PolicyInput input, PolicyDecision decision) {
    if (input == null || input.change() == null || input.change().diff() == null) {
      return List.of();
    }
    UnifiedDiff diff;
    try {
      diff = UnifiedDiff.parse(input.change().diff());
    } catch (IllegalArgumentException e) {
      return List.of(); // the guardrails already deny an unreadable diff
    }
    List<String> out = new ArrayList<>();
    for (UnifiedDiff.FileDiff f : diff.files()) {
      Set<String> rules = new LinkedHashSet<>();
      for (String r : decision.deny()) {
        String rule = PolicyDecision.ruleOf(r);
        if (rule != null && (names(r, f.newPath()) || names(r, f.oldPath()))) {
          rules.add(rule);
        }
      }
      if (!rules.isEmpty()) {
        out.add("`" + code(f.path()) + "` " + firstLine(f) + ": " + String.join(", ", rules.stream().map(r -> "`" + r + "`").toList()));
      }
    }
    return out;
  }

  private static boolean names(String reason, String path) {
    return path != null && (reason.contains("touches " + path + ",") || reason.contains("submodule " + path + ","));
  }

  private static String firstLine(UnifiedDiff.FileDiff f) {
    List<UnifiedDiff.Line> added = f.lines(UnifiedDiff.Kind.ADDED);
    if (!added.isEmpty()) {
      return "line " + added.get(0).newLine();
    }
    List<UnifiedDiff.Line> removed = f.lines(UnifiedDiff.Kind.REMOVED);
    return removed.isEmpty() ? "(no line changed)" : "line " + removed.get(0).oldLine() + " (removed)";
  }

  private static List<String> howToChange(PolicyDecision decision) {
    List<String> reasons = new ArrayList<>(decision.deny());
    reasons.addAll(decision.warn());
    Set<String> knobs = new LinkedHashSet<>();
    boolean builtIn = false;
    boolean unavailable = false;
    boolean repository = false;
    for (String r : reasons) {
      Matcher m = KNOBS.matcher(r);
      while (m.find()) {
        for (String k : m.group(1).split(",")) {
          if (!k.isBlank()) {
            knobs.add(k.strip());
          }
        }
      }
      builtIn |= r.contains("built-in guardrail)") || r.contains("(built-in ");
      repository |= "repo_protected_path".equals(PolicyDecision.ruleOf(r));
      unavailable |= r.startsWith(PolicyDecision.ENGINE_UNAVAILABLE);
    }
    List<String> out = new ArrayList<>();
    if (!knobs.isEmpty()) {
      out.add(
          "These limits are settings of the policy: "
              + String.join(", ", knobs.stream().map(k -> "`" + k + "`").toList())
              + " in `policies/data.json` (or the data of your organisation's bundle or OPA server). See `"
              + DOCS + "` for each setting.");
    }
    if (repository) {
      out.add(
          "The repository protects these paths itself: `protected_paths` in `.github/acs.yml` on the default branch. A"
              + " person changes them, or that list.");
    }
    if (builtIn) {
      out.add(
          "Built-in guardrails (workspace confinement, no writes under `.git/`, the secret scan) always apply and cannot be"
              + " switched off; change the work so it passes them.");
    }
    if (unavailable) {
      out.add(
          "The policy engine could not answer, so ACS denied to be safe: check `ACS_OPA_URL` or `ACS_POLICY_BUNDLE` and the"
              + " engine's health, then retry.");
    }
    if (!decision.allow() || !decision.warn().isEmpty()) {
      out.add(
          "To try a policy change: `opa test policies/ -v`, then `java -jar acs.jar policy eval --input input.json` with the"
              + " input of this decision.");
    }
    return out;
  }

  private static boolean mentionsTests(PolicyDecision decision) {
    return decision.deny().stream().anyMatch(r -> r.contains("acs.test_integrity"));
  }

  private static String verb(String action) {
    return switch (action) {
      case "plan" -> "post the plan";
      case "push" -> "push";
      case "open_pr" -> "open the pull request";
      case "ready_for_review" -> "mark the pull request ready for review";
      case "command" -> "run the command";
      default -> "act";
    };
  }

  /** Plain text in markdown: no links, images, HTML, emphasis or @-mentions from a reason. */
  static String text(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.replace('\n', ' ').replace('\r', ' ').toCharArray()) {
      switch (c) {
        case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#', '!', '~' -> out.append('\\').append(c);
        case '@' -> out.append("@\u200b");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String code(String s) {
    return s == null ? "" : s.replace("`", "'");
  }
}
