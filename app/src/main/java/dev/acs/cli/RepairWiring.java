package dev.acs.cli;

import dev.acs.command.AnswerCommand;
import dev.acs.pipeline.AnswerReview;
import dev.acs.pipeline.EndTaskWithPullRequest;
import dev.acs.pipeline.GitHubReach;
import dev.acs.pipeline.JobRepairQueue;
import dev.acs.pipeline.JobTaskQueue;
import dev.acs.pipeline.RecordHumanPush;
import dev.acs.pipeline.RepairFromFailedChecks;
import dev.acs.pipeline.RepairQueue;
import dev.acs.pipeline.StartTask;
import dev.acs.pipeline.TaskQueue;
import dev.acs.pipeline.TaskRepairs;
import dev.acs.pipeline.TaskServices;
import dev.acs.task.JobTargets;
import dev.acs.task.Jobs;
import dev.acs.webhook.EventHandlers;
import dev.acs.webhook.event.CheckRunEvent;
import dev.acs.webhook.event.CheckSuiteEvent;
import dev.acs.webhook.event.IssueCommentEvent;
import dev.acs.webhook.event.PullRequestEvent;
import dev.acs.webhook.event.PullRequestReviewCommentEvent;
import dev.acs.webhook.event.PullRequestReviewEvent;
import dev.acs.webhook.event.WorkflowRunEvent;
import java.util.Set;

/**
 * The handlers that keep ACS's pull requests green and answer people: failing and passing
 * checks, reviews, {@code /acs} commands, pushes by people, and the pull request's end.
 */
final class RepairWiring {
  private RepairWiring() {}

  /** For {@code acs serve}: repairs are durable jobs run by {@link TaskRepairs}, registered here as a job target. */
  static void registerDurable(EventHandlers handlers, TaskServices services, Jobs jobs, JobTargets targets, JobTaskQueue queue, StartTask start) {
    targets.register(TaskRepairs.class, new TaskRepairs(services));
    register(handlers, services, queue, new JobRepairQueue(jobs, queue), start, GitHubReach.APP);
  }

  /**
   * With any queues, e.g. the inline ones of the one-shot commands ({@code new
   * InlineRepairQueue(new TaskRepairs(services))}); {@code reach} TOKEN for the Action.
   */
  static void register(EventHandlers handlers, TaskServices services, TaskQueue queue, RepairQueue repairs, StartTask start, GitHubReach reach) {
    RepairFromFailedChecks checks = new RepairFromFailedChecks(services, repairs, reach);
    AnswerReview review = new AnswerReview(services, repairs, reach);
    handlers
        .on(CheckSuiteEvent.class, Set.of("completed"), checks::onCheckSuite)
        .on(CheckRunEvent.class, Set.of("completed"), checks::onCheckRun)
        .on(WorkflowRunEvent.class, Set.of("completed"), checks::onWorkflowRun)
        .on(PullRequestReviewEvent.class, Set.of("submitted"), review::onReview)
        .on(PullRequestReviewCommentEvent.class, Set.of("created"), review::onReviewComment)
        .on(IssueCommentEvent.class, Set.of("created", "edited"), new AnswerCommand(services, start, queue, repairs, reach)::onComment)
        .on(PullRequestEvent.class, Set.of("synchronize"), new RecordHumanPush(services, reach)::onSynchronize)
        .on(PullRequestEvent.class, Set.of("closed"), new EndTaskWithPullRequest(services, queue)::onClosed);
    PeopleWiring.register(handlers, services, queue, repairs, start, reach);
    AskingWiring.register(handlers, services, queue, start);
  }
}
