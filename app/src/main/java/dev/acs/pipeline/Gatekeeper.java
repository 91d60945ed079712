package dev.acs.pipeline;

import dev.acs.config.Json;
import dev.acs.github.RepoGitHub;
import dev.acs.policy.PolicyDecision;
import dev.acs.policy.PolicyGate;
import dev.acs.policy.PolicyInput;
import dev.acs.task.Task;
import dev.acs.task.TaskStore;
import java.util.List;
import java.util.Map;

/**
 * Asks the policy gate before an action and writes the decision into the task's audit trail.
 * Builds the input document from what the pipeline knows; see docs/policies.md for its fields.
 */
public final class Gatekeeper {
  private final PolicyGate gate;
  private final TaskStore tasks;

  public Gatekeeper(PolicyGate gate, TaskStore tasks) {
    this.gate = gate;
    this.tasks = tasks;
  }

  /** The parts of a policy input that vary per action; the rest comes from the task. */
  public record Ask(
      String action,
      PolicyInput.Change change,
      PolicyInput.Findings findings,
      PolicyInput.Plan plan,
      Map<String, Object> config) {

    public static Ask of(String action) {
      return new Ask(action, null, PolicyInput.Findings.NONE, null, Map.of());
    }

    public Ask withChange(PolicyInput.Change c) {
      return new Ask(action, c, findings, plan, config);
    }

    public Ask withFindings(PolicyInput.Findings f) {
      return new Ask(action, change, f, plan, config);
    }

    public Ask withPlan(List<String> files) {
      return new Ask(action, change, findings, new PolicyInput.Plan(files), config);
    }

    public Ask withConfig(Map<String, Object> c) {
      return new Ask(action, change, findings, plan, c);
    }
  }

  public PolicyInput input(Ask ask, RepoGitHub.RepoInfo repo, Requester who, Task task, Double budgetUsd) {
    return new PolicyInput(
        ask.action(),
        new PolicyInput.Repository(repo.fullName(), repo.isPrivate(), repo.fork(), repo.defaultBranch()),
        who.actor(),
        who.trigger(),
        task == null
            ? null
            : new PolicyInput.Task(task.id(), task.issueNumber(), task.attempts(), task.tokens(), task.costUsd().doubleValue(), budgetUsd),
        ask.change(),
        ask.findings(),
        ask.config(),
        ask.plan());
  }

  /**
   * The gate's answer to a person's command — an {@code /acs} command, a label, a mention, a
   * button of the task page, a dashboard tick: may this person set ACS to work on {@code task}
   * (null before there is one)? Recorded on the task like every decision.
   */
  public PolicyDecision decideCommand(RepoGitHub.RepoInfo repo, Requester who, Task task) {
    return decide(input(Ask.of("command"), repo, who, task, null), task);
  }

  public PolicyDecision decide(PolicyInput input, Task task) {
    PolicyDecision d = gate.decide(input);
    if (task != null) {
      String summary =
          input.action() + ": " + (d.allow() ? "allowed" : "denied") + " by " + d.engine()
              + (d.deny().isEmpty() ? "" : " — " + String.join("; ", d.deny()));
      tasks.appendEvent(task.id(), "policy", summary, toJson(d));
    }
    return d;
  }

  private static String toJson(PolicyDecision d) {
    try {
      return Json.MAPPER.writeValueAsString(d);
    } catch (Exception e) {
      return String.valueOf(d);
    }
  }
}
