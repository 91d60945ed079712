package dev.acs.pipeline;

import dev.acs.agent.Plan;
import dev.acs.agent.Spend;
import dev.acs.policy.PolicyDecision;
import dev.acs.policy.PolicyInput;
import dev.acs.task.Task;
import java.util.Collection;
import java.util.List;

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

  public static String pullRequestBody(
      Task task, Plan plan, String modelSummary, String validation, PolicyDecision push, Spend spend, String policyDescription) {
    StringBuilder sb = new StringBuilder();
    sb.append("## Summary\n\n");
    sb.append(quote(modelSummary == null || modelSummary.isBlank() ? "(the model gave no summary)" : modelSummary));
    sb.append("\n\n_Written by the model; review the diff, not the summary._\n\n");
    if (plan != null) {
      sb.append("## Plan\n\n").append(plan.toMarkdownChecklist(allSteps(plan))).append("\n\n");
    }
    sb.append("## Validation\n\n").append(validation).append("\n\n");
    sb.append("## Policy\n\n").append(decisionLine(push)).append("\n\n_").append(policyDescription).append("_\n\n");
    sb.append("## Cost\n\n").append(spend.summary()).append("\n\n");
    sb.append("Closes #").append(task.issueNumber()).append("\n\n");
    sb.append("<sub>ACS task `").append(task.id()).append("`. Comment `/acs fix <instructions>` for changes, `/acs stop` to stop.</sub>\n");
    return sb.toString();
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

  public static String status(Task task, String lastFailure) {
    return "### ACS status\n\n"
        + "| | |\n|---|---|\n"
        + "| state | `" + task.state() + "` |\n"
        + "| branch | " + (task.branch() == null ? "—" : "`" + task.branch() + "`") + " |\n"
        + "| pull request | " + (task.prNumber() == null ? "—" : "#" + task.prNumber()) + " |\n"
        + "| repair attempts | " + task.attempts() + " |\n"
        + "| tokens | " + String.format("%,d", task.tokens()) + " |\n"
        + "| cost | $" + task.costUsd().setScale(4, java.math.RoundingMode.HALF_UP).toPlainString() + " |\n"
        + "| last failure | " + (lastFailure == null || lastFailure.isBlank() ? "—" : oneLine(lastFailure)) + " |\n";
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
