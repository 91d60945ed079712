package dev.acs.pipeline;

import dev.acs.config.RepoConfig;
import dev.acs.config.RepoConfigException;
import dev.acs.github.RepoConfigFile;
import dev.acs.github.RepoGitHub;
import dev.acs.task.Task;

/**
 * Looks once at all checks on the head of ACS's pull request, at a person's request (the pull
 * request reopened, "Re-run" on ACS's check run), and queues what they call for: a repair when
 * some failed, marking the draft ready when all passed, nothing while some still run (their
 * events will come). A head someone else pushed is not ACS's to repair. {@code requestKey} (one
 * per request, e.g. the delivery's id) makes a retried delivery queue nothing twice.
 */
final class EvaluateHeadChecks {
  private EvaluateHeadChecks() {}

  /** What was found and done, in words for a comment or check run. */
  record Outcome(HeadChecks.Verdict verdict, String sha, String said) {}

  static Outcome evaluate(TaskServices services, RepairQueue repairs, RepoGitHub github, Task task, String requestKey) {
    int pr = task.prNumber();
    String head = github.pullRequest(pr).map(RepoGitHub.PullRequestInfo::headSha).orElse(task.headSha());
    if (head == null || !head.equals(task.headSha())) {
      return new Outcome(HeadChecks.Verdict.NONE, head, "the head of #" + pr + " (" + TaskRepairs.shortSha(head)
          + ") is not a commit ACS pushed; I repair it only when asked (`/acs fix`)");
    }
    RepoConfig config;
    try {
      config = RepoConfigFile.load(github).config();
    } catch (RepoConfigException e) {
      return new Outcome(HeadChecks.Verdict.NONE, head, "I cannot look at the checks: " + e.getMessage()); // permanent until fixed
    }
    HeadChecks checks = HeadChecks.of(github.checkRunsForRef(head), HeadChecks.appSlugOf(github.botLogin()), config.repairCancelled());
    String key = RepairFromFailedChecks.digest(java.util.List.of(requestKey));
    String at = TaskRepairs.shortSha(head);
    return switch (checks.verdict()) {
      case FAILING -> {
        if (services.tasks().claimRepair(task.repoFullName(), pr, head, task.id(), "again:" + key)) {
          services.tasks().appendEvent(task.id(), "checks", checks.failingNames() + " failed on " + at + "; repair queued on request", null);
          repairs.repairChecks(task.id(), pr, head);
        }
        yield new Outcome(checks.verdict(), head, checks.failingNames() + " failed on " + at + ": repair queued");
      }
      case GREEN -> {
        if (services.tasks().claimRepair(task.repoFullName(), pr, head, task.id(), "again-ready:" + key)) {
          repairs.markReady(task.id(), pr, head);
        }
        yield new Outcome(checks.verdict(), head, "all " + checks.considered().size() + " check(s) pass on " + at);
      }
      case PENDING -> new Outcome(checks.verdict(), head, "checks on " + at + " are still running; I look again when they finish");
      case NONE -> new Outcome(checks.verdict(), head, "no checks ran on " + at + " yet");
      case NOT_GREEN -> new Outcome(checks.verdict(), head, "the checks on " + at + " finished without failing, but not all passed (a person's call)");
    };
  }
}
