package dev.acs.agent;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the coder needs for one run.
 *
 * @param workspace root of the working tree; every file access is confined to it
 * @param issueTitle untrusted
 * @param issueBody untrusted
 * @param plan the accepted plan, or null
 * @param failureContext optional untrusted text: a CI failure excerpt or review comments to address
 * @param checks optional; without it the model gets no run_checks tool
 * @param ledger the task's budget ledger
 * @param transcript the task's transcript (shared with the planner)
 * @param onStep optional progress callback, called after each model step
 */
public record CodingRequest(
    Path workspace,
    String issueTitle,
    String issueBody,
    Plan plan,
    String failureContext,
    CheckRunner checks,
    BudgetLedger ledger,
    Transcript transcript,
    StepListener onStep) {
  public CodingRequest {
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(transcript, "transcript");
    issueTitle = issueTitle == null ? "" : issueTitle;
    issueBody = issueBody == null ? "" : issueBody;
  }

  /** Progress of a run, e.g. for a check run's output or a log line. */
  @FunctionalInterface
  public interface StepListener {
    void onStep(Step step);
  }

  /**
   * One model step.
   *
   * @param number 1-based
   * @param actions what the tools did, e.g. {@code edit_file src/A.java}, {@code ERROR read_file ...}
   * @param spend the task's spend after the step
   */
  public record Step(int number, java.util.List<String> actions, Spend spend) {}
}
