package dev.acs.cli;

import dev.acs.pipeline.GitHubReach;
import dev.acs.pipeline.RepairQueue;
import dev.acs.pipeline.RerunAcsCheck;
import dev.acs.pipeline.ResumeOnReopen;
import dev.acs.pipeline.StartTask;
import dev.acs.pipeline.StopOnIssueClosed;
import dev.acs.pipeline.TaskQueue;
import dev.acs.pipeline.TaskServices;
import dev.acs.webhook.EventHandlers;
import dev.acs.webhook.event.CheckRunEvent;
import dev.acs.webhook.event.IssuesEvent;
import dev.acs.webhook.event.PullRequestEvent;
import java.util.Set;

/**
 * People win: what a person does on GitHub in the middle of ACS's work comes first. Closing the
 * issue or taking ACS's label off stops the task; reopening resumes it; "Re-run" on ACS's check
 * redoes the step it reports. (The pull request's merge or close is {@code EndTaskWithPullRequest},
 * registered with the repairs.) Registered by {@link RepairWiring#register}, so serve and the
 * one-shot commands get the same handlers.
 */
final class PeopleWiring {
  private PeopleWiring() {}

  static void register(EventHandlers handlers, TaskServices services, TaskQueue queue, RepairQueue repairs, StartTask start, GitHubReach reach) {
    StopOnIssueClosed stop = new StopOnIssueClosed(services, queue, reach);
    ResumeOnReopen resume = new ResumeOnReopen(services, start, repairs, reach);
    handlers
        .on(IssuesEvent.class, Set.of("closed"), stop::onClosed)
        .on(IssuesEvent.class, Set.of("unlabeled"), stop::onUnlabeled)
        .on(IssuesEvent.class, Set.of("reopened"), resume::onIssueReopened)
        .on(PullRequestEvent.class, Set.of("reopened"), resume::onPullRequestReopened)
        .on(CheckRunEvent.class, Set.of("rerequested"), new RerunAcsCheck(services, start, repairs, reach)::onRerequested);
  }
}
