package dev.acs.pipeline;

import dev.acs.github.RepoGitHub;
import dev.acs.policy.PolicyDecision;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.webhook.DeliveryContext;
import dev.acs.webhook.event.PullRequest;
import dev.acs.webhook.event.PullRequestReviewCommentEvent;
import dev.acs.webhook.event.PullRequestReviewEvent;
import dev.acs.webhook.event.Repository;
import dev.acs.webhook.event.Review;
import dev.acs.webhook.event.ReviewComment;
import dev.acs.webhook.event.User;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pull_request_review.submitted} (changes requested, or commented) and {@code
 * pull_request_review_comment.created} on ACS's pull request, by a person the policy lets command
 * ACS: queues one answer per review (a commit, then a reply in each thread). Approvals, bots and
 * ACS's own replies are ignored.
 */
public final class AnswerReview {
  private static final Logger log = LoggerFactory.getLogger(AnswerReview.class);
  static final Set<String> ANSWERED_STATES = Set.of("changes_requested", "commented");

  private final TaskServices services;
  private final RepairQueue queue;
  private final GitHubReach reach;

  public AnswerReview(TaskServices services, RepairQueue queue) {
    this(services, queue, GitHubReach.APP);
  }

  public AnswerReview(TaskServices services, RepairQueue queue, GitHubReach reach) {
    this.services = services;
    this.queue = queue;
    this.reach = reach;
  }

  public void onReview(PullRequestReviewEvent event, DeliveryContext delivery) {
    Review review = event.review();
    String state = review.state() == null ? "" : review.state().toLowerCase(Locale.ROOT);
    if (!ANSWERED_STATES.contains(state)) {
      return;
    }
    answer(event.repository(), delivery, event.pullRequest(), review.id(), state, review.body(), review.user(), false);
  }

  public void onReviewComment(PullRequestReviewCommentEvent event, DeliveryContext delivery) {
    ReviewComment c = event.comment();
    if (c.pullRequestReviewId() == null) {
      return;
    }
    answer(event.repository(), delivery, event.pullRequest(), c.pullRequestReviewId(), "commented", null, c.user(), true);
  }

  private void answer(Repository repository, DeliveryContext delivery, PullRequest pull, long reviewId, String state, String body,
      User reviewer, boolean fromComment) {
    if (!reach.accepts(delivery) || reviewer == null || reviewer.isBot()) {
      return;
    }
    Task task = services.tasks().findByPullRequest(repository.fullName(), pull.number()).orElse(null);
    if (task == null || task.state() == TaskState.STOPPED || !"open".equals(pull.state())) {
      return;
    }
    RepoGitHub github = services.github().forRepository(delivery.installationId(), repository.fullName());
    if (reviewer.login().equalsIgnoreCase(github.botLogin())) {
      return;
    }
    Requester who = new Requester(reviewer.login(), reviewer.type(), github.permissionOf(reviewer.login()),
        fromComment ? "pull_request_review_comment" : "pull_request_review", fromComment ? "created" : "submitted", null,
        pull.isFromFork(repository.fullName()));
    PolicyDecision d = new Gatekeeper(services.gate(), services.tasks()).decideCommand(github.repository(), who, task);
    if (!d.allow()) {
      log.info("review {} on {}#{} by {} not answered: {}", reviewId, repository.fullName(), pull.number(), who.login(), d.deny());
      return;
    }
    queue.answerReview(task.id(), pull.number(), reviewId, state, body, who, fromComment);
  }
}
