package dev.acs.agent;

import dev.acs.context.RepositoryInstructions;
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
 * @param instructions the repository's own guidance (AGENTS.md, acs.yml instructions), read from its
 *     default branch; never null ({@link RepositoryInstructions#none()})
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
    StepListener onStep,
    RepositoryInstructions instructions) {
  public CodingRequest {
    Objects.requireNonNull(workspace, "workspace");
    instructions = instructions == null ? RepositoryInstructions.none() : instructions;
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(transcript, "transcript");
    issueTitle = issueTitle == null ? "" : issueTitle;
    issueBody = issueBody == null ? "" : issueBody;
  }

  /** Without repository instructions. */
  public CodingRequest(
      Path workspace, String issueTitle, String issueBody, Plan plan, String failureContext, CheckRunner checks,
      BudgetLedger ledger, Transcript transcript, StepListener onStep) {
    this(workspace, issueTitle, issueBody, plan, failureContext, checks, ledger, transcript, onStep, null);
  }

  /**
   * Progress of a run, e.g. for a check run's output, a log line or the plan comment. Called on
   * the run's thread; a listener that throws is logged and ignored.
   */
  @FunctionalInterface
  public interface StepListener {
    /** After each model step. */
    void onStep(Step step);

    /** Before a tool runs: {@code tool} is its name (read_file, edit_file, run_checks, ...). */
    default void onTool(String tool) {}

    /** The model said plan step {@code number} (1-based) is done. */
    default void onPlanStepDone(int number) {}

    /** A piece of the repository's instructions was given to the model ({@code AGENTS.md}, ...). */
    default void onInstructions(String source) {}
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
