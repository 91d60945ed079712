package dev.acs.pipeline;

import dev.acs.agent.Agent;
import dev.acs.agent.Asker;
import dev.acs.agent.BudgetLedger;
import dev.acs.agent.CheckRunner;
import dev.acs.agent.CodingRequest;
import dev.acs.agent.CodingResult;
import dev.acs.agent.CodingStatus;
import dev.acs.agent.Plan;
import dev.acs.agent.Planner;
import dev.acs.agent.Spend;
import dev.acs.agent.Transcript;
import dev.acs.checks.PmdCheck;
import dev.acs.config.RepoConfig;
import dev.acs.policy.DenyExplanation;
import dev.acs.policy.PolicyDecision;
import dev.acs.policy.PolicyGate;
import dev.acs.policy.PolicyInput;
import dev.acs.policy.TestIntegritySignals;
import dev.acs.workspace.ChangeSummary;
import dev.acs.workspace.BranchReading;
import dev.acs.workspace.CommitStyle;
import dev.acs.workspace.Workspace;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Local mode ({@code acs run}): the issue-to-change pipeline on a person's own checkout, without
 * GitHub. The model plans; it changes the files (its {@code run_checks} is the test command when
 * there is one, else PMD); PMD's new findings go back to it once; the same policy gate as before a
 * push judges the change <em>before</em> it is committed; ACS commits on its branch; then the test
 * command runs and a failure goes back to the model as feedback (the failure excerpt), for up to
 * {@code maxAttempts} rounds. Nothing is pushed. Everything is told on {@code out}.
 */
public final class LocalRun {
  /** How a local run ended. */
  public enum Outcome {
    /** Committed, and the tests pass (or there is no test command). */
    DONE,
    /** The model stopped, changed nothing, or the tests still fail after the last round. */
    FAILED,
    /** The gate denied the change; it is left uncommitted in the working tree. */
    BLOCKED_BY_POLICY
  }

  /** @param commits ACS's commits in this run, oldest first */
  public record Result(Outcome outcome, String branch, List<String> commits, String message, Spend spend) {}

  /**
   * @param taskId names the commits' {@code Acs-Task} trailer and the transcript
   * @param issue the issue number the task came from, or 0
   * @param testCommand run with {@code sh -c} in the checkout after each commit
   * @param maxAttempts rounds of code → commit → test
   * @param actor who runs ACS here (the policy's actor, with admin permission: it is their checkout)
   */
  public record Request(
      String taskId, String title, String body, int issue, Optional<String> testCommand, int maxAttempts, String actor) {}

  private final Agent agent;
  private final BudgetLedger ledger;
  private final Transcript transcript;
  private final PolicyGate gate;
  private final String policyDescription;
  private final StaticAnalysis analysis;
  private final RepoConfig config;
  private final PrintWriter out;
  private final Asker asker;

  /** The planner's questions go to this process's terminal, or are answered with its assumptions. */
  public LocalRun(Agent agent, BudgetLedger ledger, Transcript transcript, PolicyGate gate, String policyDescription, PmdCheck pmd,
      RepoConfig config, PrintWriter out) {
    this(agent, ledger, transcript, gate, policyDescription, pmd, config, out, TerminalAsker.forThisProcess(out));
  }

  public LocalRun(Agent agent, BudgetLedger ledger, Transcript transcript, PolicyGate gate, String policyDescription, PmdCheck pmd,
      RepoConfig config, PrintWriter out, Asker asker) {
    this.asker = asker;
    this.agent = agent;
    this.ledger = ledger;
    this.transcript = transcript;
    this.gate = gate;
    this.policyDescription = policyDescription;
    this.analysis = new StaticAnalysis(pmd);
    this.config = config;
    this.out = out;
  }

  public Result run(Workspace ws, Request req) {
    String base = ws.startedFrom();
    List<String> commits = new ArrayList<>();
    say("ACS works on branch " + ws.branch() + " in " + ws.dir() + " (from " + base.substring(0, 10) + "); nothing is pushed.");
    say(policyDescription.substring(0, 1).toUpperCase(Locale.ROOT) + policyDescription.substring(1));

    Plan plan;
    try {
      plan = agent.plan(new Planner.PlanRequest(ws.dir(), req.title(), req.body(), null, ledger, transcript, List.of(), asker,
          RepositoryConventions.instructions(ws, base, config)));
    } catch (RuntimeException e) {
      // PlanningException, BudgetExceededException, ModelCallException: the model's side failed.
      return end(Outcome.FAILED, ws, commits, "planning failed: " + TaskReports.oneLine(TaskPipeline.safeMessage(e)));
    }
    say("");
    say(TaskReports.planComment(plan, List.of(), null));
    say("");
    PolicyDecision planned = decide(ask("plan", ws, base, req, 0).plan(plan.files()).build());
    say("Policy on the plan: " + TaskReports.decisionLine(planned));
    if (!planned.allow()) {
      return end(Outcome.BLOCKED_BY_POLICY, ws, commits, "the policy denied the plan");
    }
    if (planned.requireApproval()) {
      say("(The policy asks a person to approve this plan; running it locally counts as your approval.)");
    }

    RememberedTests remembered = req.testCommand().map(c -> new RememberedTests(new TestCommandCheck(ws.dir(), c), ws, base)).orElse(null);
    CheckRunner checks = remembered != null ? remembered : analysis.asCheckRunner(ws, base);
    String feedback = null;
    for (int attempt = 1; attempt <= req.maxAttempts(); attempt++) {
      say("");
      say("== Round " + attempt + " of " + req.maxAttempts() + (feedback == null ? "" : ": fixing the failing tests"));
      CodingResult coding = code(ws, req, plan, feedback, checks);
      if (coding.status() != CodingStatus.FINISHED) {
        return end(Outcome.FAILED, ws, commits, "ACS stopped: " + CodingStops.reason(coding, ledger.spend()));
      }
      FindingsFeedback.Round round = FindingsFeedback.once(analysis, ws, base, coding, new FindingsFeedback.Side() {
        @Override
        public ChangeSummary change() {
          return ws.uncommittedChange(base);
        }

        @Override
        public void sendBack(StaticAnalysis.Result found) {
          say("PMD: " + found.findings().size() + " new finding(s); back to the model once:\n" + found.describe().stripTrailing());
        }

        @Override
        public CodingResult fix(String feedback) {
          return code(ws, req, plan, feedback, checks);
        }

        @Override
        public boolean left(CodingResult fix) {
          return fix.status() == CodingStatus.NO_CHANGES;
        }
      });
      if (round.stopped()) {
        return end(Outcome.FAILED, ws, commits, "ACS stopped: " + CodingStops.reason(round.coding(), ledger.spend()));
      }
      coding = round.coding();
      ChangeSummary change = round.change();
      StaticAnalysis.Result found = round.found();
      if (change.isEmpty()) {
        return end(Outcome.FAILED, ws, commits, "the model finished without changing any file");
      }
      say("Change: " + change.files().size() + " file(s), +" + change.additions() + " -" + change.deletions() + ": "
          + String.join(", ", FindingsFeedback.paths(change)));
      say(TaskReports.validation(found.forPolicy().new_(), found.javaFiles(), null));

      PolicyInput pushInput = ask("push", ws, base, req, attempt - 1)
          .change(new PolicyInput.Change(ws.branch(), base, change.additions(), change.deletions(), change.files(),
              TestIntegritySignals.of(change.diff()), change.diff()))
          .findings(found.forPolicy())
          .build();
      PolicyDecision push = decide(pushInput);
      say("Policy before committing: " + TaskReports.decisionLine(push));
      if (!push.allow()) {
        say(DenyExplanation.render(pushInput, push));
        return end(Outcome.BLOCKED_BY_POLICY, ws, commits,
            "the policy denied the change; it is left uncommitted in " + ws.dir() + " for you to look at");
      }
      Optional<String> sha = ws.commitAll(commitMessage(ws, base, req, coding, change, attempt), req.taskId());
      sha.ifPresent(commits::add);
      say("Committed " + sha.map(s -> s.substring(0, 10)).orElse("nothing new") + " on " + ws.branch() + ".");

      if (req.testCommand().isEmpty()) {
        return end(Outcome.DONE, ws, commits, "committed; no test command was given (--test-cmd or test_command in .github/acs.yml)");
      }
      TestCommandCheck.Outcome tests = remembered.passedOn(ws.changeSummary(base));
      if (tests != null) {
        say("Tests pass: the model's last check ran them on exactly this change (" + tests.elapsed().toSeconds() + " s).");
      } else {
        say("Running the tests: " + req.testCommand().get());
        tests = remembered.check().runOnce();
        say((tests.passed() ? "Tests pass" : "Tests fail") + " (" + tests.elapsed().toSeconds() + " s).");
      }
      if (tests.passed()) {
        return end(Outcome.DONE, ws, commits, "committed, and the tests pass");
      }
      say(tests.report().stripTrailing());
      feedback = "The change is committed, but the tests fail. Fix the code (not the tests) so that they pass:\n" + tests.report();
    }
    return end(Outcome.FAILED, ws, commits, "the tests still fail after " + req.maxAttempts() + " round(s)");
  }

  /**
   * The test command as the model's check, remembering the change its last run saw: when the
   * model's final check passed on exactly the change that was then committed, the tests need not
   * run again (they are the slowest step).
   */
  private static final class RememberedTests implements CheckRunner {
    private final TestCommandCheck check;
    private final Workspace ws;
    private final String base;
    private TestCommandCheck.Outcome last;
    private String lastChange;

    RememberedTests(TestCommandCheck check, Workspace ws, String base) {
      this.check = check;
      this.ws = ws;
      this.base = base;
    }

    TestCommandCheck check() {
      return check;
    }

    @Override
    public CheckResult run(List<String> changedFiles) {
      String change = fingerprint(ws.uncommittedChange(base));
      last = check.runOnce();
      lastChange = change;
      return new CheckResult(last.passed(), last.report());
    }

    /** The last outcome if it passed on this very change, else null. */
    TestCommandCheck.Outcome passedOn(ChangeSummary committed) {
      return last != null && last.passed() && !committed.diffTruncated() && fingerprint(committed).equals(lastChange) ? last : null;
    }

    private static String fingerprint(ChangeSummary c) {
      return c.files() + "\n" + c.diff();
    }
  }

  private CodingResult code(Workspace ws, Request req, Plan plan, String feedback, CheckRunner checks) {
    CodingResult r = agent.code(new CodingRequest(ws.dir(), req.title(), req.body(), plan, feedback, checks, ledger, transcript,
        new CodingRequest.StepListener() {
          @Override
          public void onStep(CodingRequest.Step step) {
            say("  step " + step.number() + ": " + String.join(", ", step.actions()));
          }

          @Override
          public void onPlanStepDone(int number) {
            say("  plan step " + number + " done");
          }

          @Override
          public void onInstructions(String source) {
            say("  following " + source);
          }
        }, RepositoryConventions.instructions(ws, ws.startedFrom(), config)));
    say("Model: " + r.status() + (r.status() == CodingStatus.FINISHED ? "" : " (" + TaskReports.oneLine(r.summary()) + ")"));
    return r;
  }

  /** The commit message in the style of the history ACS started from; each round's subject its own. */
  private static String commitMessage(Workspace ws, String base, Request req, CodingResult coding, ChangeSummary change, int attempt) {
    return commitMessage(ws, base, req.title(), req.issue(), coding, FindingsFeedback.paths(change), attempt > 1, coding.summary());
  }

  /**
   * The message of a local commit ({@code acs run}, {@code acs replay}) in the style of the history
   * from {@code base} ({@link CommitStyle}), with a subject the branch does not have yet: the
   * model's, else one made from {@code title} (when {@code fixing}: "Make the failing tests pass",
   * typed fix); {@code body} made safe for CI ({@link CommitStyle#withoutCiSkips}).
   *
   * @param issue the issue number, 0 when there is none
   */
  public static String commitMessage(Workspace ws, String base, String title, int issue, CodingResult coding, List<String> paths,
      boolean fixing, String body) {
    CommitStyle style = RepositoryConventions.commitStyle(ws, base);
    List<String> used = BranchReading.recentSubjects(ws, ws.headSha(), CommitStyle.SAMPLE);
    String description = coding.commitSubject() != null ? coding.commitSubject() : fixing ? "Make the failing tests pass" : null;
    String subject = style.subject(new CommitStyle.Change(description, fixing ? "fix" : null, title, List.of(), paths, issue));
    return Cycle.message(CommitStyle.unique(subject, used), body);
  }

  private PolicyDecision decide(PolicyInput input) {
    return gate.decide(input);
  }

  private InputBuilder ask(String action, Workspace ws, String base, Request req, int attempt) {
    return new InputBuilder(action, ws, base, req, attempt);
  }

  /** The policy input of a local run: the checkout as a private repository, its owner as the actor. */
  private final class InputBuilder {
    private final String action;
    private final Workspace ws;
    private final String base;
    private final Request req;
    private final int attempt;
    private PolicyInput.Change change;
    private PolicyInput.Findings findings = PolicyInput.Findings.NONE;
    private PolicyInput.Plan plan;

    InputBuilder(String action, Workspace ws, String base, Request req, int attempt) {
      this.action = action;
      this.ws = ws;
      this.base = base;
      this.req = req;
      this.attempt = attempt;
    }

    InputBuilder change(PolicyInput.Change c) {
      change = c;
      return this;
    }

    InputBuilder findings(PolicyInput.Findings f) {
      findings = f;
      return this;
    }

    InputBuilder plan(List<String> files) {
      plan = new PolicyInput.Plan(files);
      return this;
    }

    PolicyInput build() {
      Spend spend = ledger.spend();
      return new PolicyInput(
          action,
          new PolicyInput.Repository("local/" + ws.dir().getFileName(), true, false, base),
          new PolicyInput.Actor(req.actor(), "User", "admin"),
          new PolicyInput.Trigger("local", "run", null, false),
          new PolicyInput.Task(req.taskId(), req.issue(), attempt, spend.totalTokens(), spend.costUsd().doubleValue(),
              config.budget().maxUsd().doubleValue()),
          change,
          findings,
          config.toMap(),
          plan);
    }
  }

  private Result end(Outcome outcome, Workspace ws, List<String> commits, String message) {
    say("");
    say(switch (outcome) {
      case DONE -> "Done: ";
      case FAILED -> "Failed: ";
      case BLOCKED_BY_POLICY -> "Blocked by policy: ";
    } + message + ".");
    say("Branch " + ws.branch() + ", " + commits.size() + " commit(s) by ACS. Spend: " + ledger.spend().summary());
    return new Result(outcome, ws.branch(), List.copyOf(commits), message, ledger.spend());
  }

  private void say(String line) {
    out.println(line);
    out.flush();
  }
}
