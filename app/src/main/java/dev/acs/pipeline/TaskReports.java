package dev.acs.pipeline;

import dev.acs.agent.Plan;
import dev.acs.agent.Spend;
import dev.acs.policy.PolicyDecision;
import dev.acs.policy.PolicyInput;
import dev.acs.task.Task;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The markdown ACS posts: plan comment, pull-request body, check-run summary, status reply.
 * Model-written text (summaries) is quoted as such, never presented as ACS's own words.
 */
public final class TaskReports {
  private TaskReports() {}

  public static String planComment(Plan plan, Collection<Integer> doneSteps, String note) {
    StringBuilder sb = new StringBuilder("### ACS plan\n\n");
    sb.append(plan.toMarkdownChecklist(doneSteps));
    if (note != null && !note.isBlank()) {
      sb.append("\n\n").append(note);
    }
    return sb.toString();
  }

  /**
   * What the plan comment shows while the task runs and after it ends.
   *
   * @param plan the plan (null: not made yet)
   * @param done 1-based numbers of the steps the coder reported done
   * @param following sources of the repository's instructions given to the model (AGENTS.md, ...)
   * @param note a line about where the plan stands (approval asked, implemented in #N), or null
   * @param activity what ACS does now, or null (then no "Now" line: e.g. the task ended)
   * @param elapsed since the task started this time
   * @param tokens tokens used so far
   * @param costUsd dollars spent so far
   * @param ending the final line's text when the task ended, else null
   * @param prOpened whether the pull request is open (then unreported steps are explained)
   */
  public record Progress(
      Plan plan, java.util.Set<Integer> done, List<String> following, String note, String activity,
      java.time.Duration elapsed, long tokens, java.math.BigDecimal costUsd, String ending, boolean prOpened) {}

  /** The plan comment as a live progress report: the checklist, then where the task stands. */
  public static String progressComment(Progress p) {
    StringBuilder sb = new StringBuilder("### ACS plan\n\n");
    if (p.plan() != null) {
      sb.append(p.plan().toMarkdownChecklist(p.done()));
    }
    if (!p.following().isEmpty()) {
      sb.append("\n_Following the repository's instructions: ")
          .append(String.join(", ", p.following().stream().map(f -> "`" + f.replace("`", "") + "`").toList())).append("._\n");
    }
    if (p.plan() != null && p.prOpened()) {
      int unreported = p.plan().steps().size() - (int) p.done().stream().filter(n -> n >= 1 && n <= p.plan().steps().size()).count();
      if (unreported > 0) {
        sb.append("\n_A step is ticked when the coder reports it done; ").append(unreported).append(" of ")
            .append(p.plan().steps().size()).append(unreported == 1 ? " was" : " were").append(" not reported. The diff shows what changed._\n");
      }
    }
    if (p.note() != null && !p.note().isBlank()) {
      sb.append("\n").append(p.note()).append('\n');
    }
    String spend = String.format(java.util.Locale.ROOT, "$%s, %,d tokens",
        p.costUsd().setScale(4, java.math.RoundingMode.HALF_UP).toPlainString(), p.tokens());
    if (p.ending() != null) {
      sb.append("\n---\n").append(p.ending()).append(" · took ").append(duration(p.elapsed())).append(" · ").append(spend).append('\n');
    } else if (p.activity() != null) {
      sb.append("\n---\n⏳ **Now:** ").append(p.activity()).append(" · ").append(duration(p.elapsed())).append(" so far · ")
          .append(spend).append('\n');
    }
    return sb.toString();
  }

  /** Coarse on purpose (whole minutes): the comment is edited only when something a reader cares about changed. */
  static String duration(java.time.Duration d) {
    long minutes = Math.max(0, d.toMinutes());
    if (minutes < 1) {
      return "under a minute";
    }
    if (minutes < 60) {
      return minutes + " min";
    }
    return minutes / 60 + " h " + minutes % 60 + " min";
  }

  /**
   * The pull request's body: the model's summary, then validation, policy and cost, each with a
   * one-line headline that stays visible and its long part (over {@value #SHORT_LINES} lines) in a
   * collapsible {@code <details>} block; the plan, with the steps the coder reported done ticked,
   * collapsed as well.
   */
  public static String pullRequestBody(
      Task task, Plan plan, Collection<Integer> doneSteps, String modelSummary, String validation, PolicyDecision push, Spend spend,
      String policyDescription) {
    StringBuilder sb = new StringBuilder();
    sb.append("## Summary\n\n");
    sb.append(quote(modelSummary == null || modelSummary.isBlank() ? "(the model gave no summary)" : modelSummary));
    sb.append("\n\n_Written by the model; review the diff, not the summary._\n\n");
    sb.append("## Validation\n\n").append(section(validation, "All validation results")).append("\n\n");
    String decision = decisionLine(push);
    String policy = section(decision, "The decision's reasons (" + (push.deny().size() + push.warn().size()) + ")");
    if (!policy.equals(decision)) {
      // Folded: the headline says what is inside.
      policy = policy.replaceFirst("\n", java.util.regex.Matcher.quoteReplacement(counted(push.deny().size(), "denial")
          + counted(push.warn().size(), "warning") + "\n"));
    }
    sb.append("## Policy\n\n").append(policy)
        .append("\n\n_").append(policyDescription).append("_\n\n");
    sb.append("## Cost\n\n").append(String.format(java.util.Locale.ROOT, "$%s for %,d tokens",
        spend.costUsd().setScale(4, java.math.RoundingMode.HALF_UP).toPlainString(), spend.totalTokens()));
    sb.append("\n").append(details("Model calls", spend.summary())).append("\n\n");
    if (plan != null) {
      int done = (int) doneSteps.stream().filter(n -> n >= 1 && n <= plan.steps().size()).count();
      sb.append("## Plan\n\n").append(inline(plan.summary())).append("\n")
          .append(details("The plan's steps (" + done + " of " + plan.steps().size() + " reported done by the coder)",
              plan.toMarkdownChecklist(doneSteps).stripTrailing()))
          .append("\n\n");
    }
    sb.append("Closes #").append(task.issueNumber()).append("\n\n");
    sb.append("<sub>ACS task `").append(task.id()).append("`. Comment `/acs fix <instructions>` for changes, `/acs stop` to stop.</sub>\n");
    return sb.toString();
  }

  private static String counted(int n, String what) {
    return n == 0 ? "" : " · " + n + " " + what + (n == 1 ? "" : "s");
  }

  /** Sections longer than this many lines show their first line and fold the whole text away. */
  static final int SHORT_LINES = 3;

  /** Short text as it is; long text as its first line with the whole in a collapsible block. */
  static String section(String text, String detailsTitle) {
    String t = text == null ? "" : text.strip();
    List<String> lines = t.lines().toList();
    if (lines.size() <= SHORT_LINES) {
      return t;
    }
    return lines.get(0) + "\n" + details(detailsTitle, t);
  }

  /** A {@code <details>} block; blank lines around the body so that GitHub renders its Markdown. */
  static String details(String summary, String body) {
    return "<details><summary>" + summary.replace("<", "&lt;").replace(">", "&gt;") + "</summary>\n\n" + body.strip() + "\n\n</details>";
  }

  private static String inline(String s) {
    return "**" + s.replaceAll("\\s+", " ").strip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("*", "\\*").replaceAll("@(?=\\w)", "@\u200b") + "**";
  }

  public static String decisionLine(PolicyDecision d) {
    StringBuilder sb = new StringBuilder(d.allow() ? "✅ allowed" : "⛔ denied").append(" (").append(d.engine()).append(")");
    for (String r : d.deny()) {
      sb.append("\n- denied: ").append(r);
    }
    for (String w : d.warn()) {
      sb.append("\n- ⚠️ ").append(w);
    }
    return sb.toString();
  }

  public static String validation(List<PolicyInput.Finding> newFindings, int checkedFiles, String checks) {
    StringBuilder sb = new StringBuilder();
    if (checkedFiles == 0) {
      sb.append("- PMD: no Java files changed\n");
    } else if (newFindings.isEmpty()) {
      sb.append("- PMD: no new findings in ").append(checkedFiles).append(" changed Java file(s)\n");
    } else {
      sb.append("- PMD: ").append(newFindings.size()).append(" new finding(s) (see the ACS check run's annotations)\n");
      for (PolicyInput.Finding f : newFindings.subList(0, Math.min(10, newFindings.size()))) {
        sb.append("  - `").append(f.path()).append(':').append(f.line()).append("` ").append(f.rule()).append(" (")
            .append(f.severity()).append("): ").append(oneLine(f.message())).append('\n');
      }
    }
    if (checks != null && !checks.isBlank()) {
      sb.append("- ").append(checks).append('\n');
    }
    return sb.toString().stripTrailing();
  }

  /** {@code /acs status}: the task's {@link #statusFields} as a table. */
  public static String status(Task task, String lastFailure) {
    StringBuilder sb = new StringBuilder("### ACS status\n\n| | |\n|---|---|\n");
    statusFields(task, lastFailure).forEach((label, value) -> sb.append("| ").append(label).append(" | ")
        .append(value == null ? "—" : label.equals("state") || label.equals("branch") ? "`" + value + "`" : value).append(" |\n"));
    return sb.toString();
  }

  /**
   * What {@code /acs status} and {@code acs status} show of a task, label to value in order; null
   * where there is nothing (no branch yet, no pull request, no failure).
   */
  public static Map<String, String> statusFields(Task task, String lastFailure) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("state", task.state().name());
    fields.put("branch", task.branch());
    fields.put("pull request", task.prNumber() == null ? null : "#" + task.prNumber());
    fields.put("repair attempts", String.valueOf(task.attempts()));
    fields.put("tokens", String.format("%,d", task.tokens()));
    fields.put("cost", "$" + task.costUsd().setScale(4, java.math.RoundingMode.HALF_UP).toPlainString());
    fields.put("last failure", lastFailure == null || lastFailure.isBlank() ? null : oneLine(lastFailure));
    return fields;
  }

  static List<Integer> allSteps(Plan plan) {
    return java.util.stream.IntStream.rangeClosed(1, plan.steps().size()).boxed().toList();
  }

  /**
   * Model text as a quote: no HTML (it could forge ACS's hidden comment markers), no @-mentions
   * (they would ping people), at most 4,000 characters.
   */
  static String quote(String text) {
    String safe = text.strip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replaceAll("@(?=\\w)", "@\u200b");
    if (safe.length() > 4000) {
      safe = safe.substring(0, 3999) + "…";
    }
    return "> " + safe.replace("\n", "\n> ");
  }

  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String line = s.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 199) + "…" : line;
  }
}
