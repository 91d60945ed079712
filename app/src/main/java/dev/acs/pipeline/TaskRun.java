package dev.acs.pipeline;

import dev.acs.agent.Agent;
import dev.acs.agent.BudgetLedger;
import dev.acs.agent.Transcript;
import dev.acs.config.RepoConfig;
import dev.acs.github.RepoConfigFile;
import dev.acs.github.RepoGitHub;
import dev.acs.policy.DenyExplanation;
import dev.acs.policy.PolicyDecision;
import dev.acs.policy.PolicyInput;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import java.io.IOException;
import java.math.BigDecimal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's view of a task: the task row, the repository on GitHub, the repository's settings
 * (from its default branch), the model with the task's budget, and who asked. Small helpers keep
 * the steps of the pipeline readable: ask the gate, end the task with a comment, record spend.
 */
final class TaskRun {
  private static final Logger log = LoggerFactory.getLogger(TaskRun.class);

  final TaskServices services;
  final RepoGitHub github;
  final RepoGitHub.RepoInfo repo;
  final RepoConfig config;
  final Requester requester;
  final Agent agent;
  final BudgetLedger ledger;
  final Transcript transcript;
  /** This run's hold on the task (see {@link TaskStore#takeLease}). */
  final String owner;
  private Task task;

  private TaskRun(
      TaskServices services, Task task, RepoGitHub github, RepoGitHub.RepoInfo repo, RepoConfig config,
      Requester requester, Agent agent, BudgetLedger ledger, Transcript transcript, String owner) {
    this.services = services;
    this.task = task;
    this.github = github;
    this.repo = repo;
    this.config = config;
    this.requester = requester;
    this.agent = agent;
    this.ledger = ledger;
    this.transcript = transcript;
    this.owner = owner;
    this.endedAtOpen = task.state().ended();
  }

  /** Loads everything for the task; the model and budget follow the repository's settings. */
  static TaskRun open(TaskServices services, String taskId, Requester requester, String owner) {
    Task task = services.tasks().find(taskId).orElseThrow(() -> new IllegalStateException("no task " + taskId));
    RepoGitHub github = services.github().forRepository(task.installationId(), task.repoFullName());
    RepoGitHub.RepoInfo repo = github.repository();
    RepoConfig config = RepoConfigFile.load(github).config();
    Agent agent = services.agents().forTask(config.model().orElse(null));
    BudgetLedger ledger = services.agents().ledger(config.budget(), task.tokens(), task.costUsd());
    Transcript transcript = services.agents().transcript(task.id());
    return new TaskRun(services, task, github, repo, config, requester, agent, ledger, transcript, owner);
  }

  Task task() {
    return task;
  }

  TaskStore store() {
    return services.tasks();
  }

  Task reload() {
    task = store().find(task.id()).orElseThrow();
    return task;
  }

  /**
   * Moves the task on from the state this run last saw; throws {@link TaskStore.LostTask} when the
   * task changed under the run (stopped, merged, taken over): the job then ends quietly.
   */
  Task move(TaskState next, String why) {
    task = store().transition(task.id(), task.state(), next, why, owner);
    return task;
  }

  /** The recorded result of a step of this task's current start, if the step was done. */
  java.util.Optional<String> step(String name) {
    return store().step(task.id(), task.runs(), name);
  }

  /** Records a step's result; false when it was recorded already. */
  boolean record(String name, String result) {
    return store().recordStep(task.id(), task.runs(), name, result);
  }

  Task set(String column, Object value) {
    task = store().set(task.id(), column, value);
    return task;
  }

  void event(String kind, String summary, String detail) {
    store().appendEvent(task.id(), kind, summary, detail);
  }

  /** Asks the gate; the decision is audited with the task. */
  PolicyDecision ask(Gatekeeper.Ask ask) {
    Gatekeeper keeper = new Gatekeeper(services.gate(), store());
    PolicyInput input = keeper.input(ask.withConfig(config.toMap()), repo, requester, task, config.budget().maxUsd().doubleValue());
    PolicyDecision d = keeper.decide(input, task);
    lastInput = input;
    return d;
  }

  private PolicyInput lastInput;
  private ProgressReport progress;
  private final boolean endedAtOpen;

  /** The plan comment's live progress report for this run. */
  synchronized ProgressReport progress() {
    if (progress == null) {
      progress = ProgressReport.of(this);
    }
    return progress;
  }

  /** The run ends: the progress report writes what is true now (the activity ends with the run). */
  synchronized void closeProgress() {
    if (progress != null) {
      progress.close();
      progress = null;
    } else if (!endedAtOpen && task.planCommentId() != null && reload().state().ended()) {
      progress().close(); // ended by this run without progress on the way: still the final line
      progress = null;
    }
  }

  /** Comments why the gate denied and ends the task BLOCKED_BY_POLICY. */
  void blockedBy(PolicyDecision d) {
    github.upsertComment(task.issueNumber(), "policy-" + lastInput.action(), DenyExplanation.render(lastInput, d));
    endAs(TaskState.BLOCKED_BY_POLICY, "policy denied " + lastInput.action() + ": " + String.join("; ", d.deny()));
  }

  /**
   * Ends the task in a final state (if it is not ended already), with the reason recorded and the
   * ACS check run completed with it.
   */
  void endAs(TaskState state, String why) {
    reload();
    task = TaskJob.end(store(), github, task, owner, state, why);
  }

  /** Stores the spend so far and the transcript; called after each model phase. */
  void saveSpend() {
    reload();
    long tokens = ledger.spend().totalTokens();
    BigDecimal cost = ledger.spend().costUsd();
    long addTokens = tokens - task.tokens();
    BigDecimal addCost = cost.subtract(task.costUsd());
    if (addTokens > 0 || addCost.signum() > 0) {
      task = store().addSpend(task.id(), Math.max(0, addTokens), addCost.max(BigDecimal.ZERO));
    }
    try {
      transcript.writeTo(services.agents().transcriptDir());
    } catch (IOException e) {
      log.warn("transcript of task {} not written: {}", task.id(), e.getMessage());
    }
  }
}
