package dev.acs.pipeline;

import static dev.acs.pipeline.PipelineRig.GREETER;
import static dev.acs.pipeline.PipelineRig.INSTALLATION;
import static dev.acs.pipeline.PipelineRig.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.github.RepoGitHub.ReviewCommentInfo;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.testing.WebhookPayloads;
import dev.acs.webhook.event.PullRequestReviewCommentEvent;
import dev.acs.webhook.event.PullRequestReviewEvent;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A review on ACS's pull request, end to end: the review's event and its comments' events (real
 * payloads, adjusted in code) go to the handler; one commit answers the review; each thread gets a
 * reply naming the commit, and the threads the model reports as addressed are resolved.
 */
class AnswerReviewTest {
  static final long REVIEW = 9_001L;

  @TempDir Path tmp;
  PipelineRig rig;
  QueuedRepairs queue;
  AnswerReview handler;

  @BeforeEach
  void setUp() throws Exception {
    rig = PipelineRig.start(tmp);
    queue = new QueuedRepairs(rig.repairs);
    handler = new AnswerReview(rig.services, queue);
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  static PullRequestReviewEvent reviewSubmitted(Task task, long reviewId, String reviewer, String userType, String state, String body) {
    return WebhookPayloads.of("pull_request_review/submitted.json").repository(REPO).installation(INSTALLATION)
        .sender(reviewer, userType)
        .set("/review/id", reviewId).set("/review/state", state).set("/review/body", body)
        .set("/review/user/login", reviewer).set("/review/user/type", userType)
        .set("/pull_request/number", task.prNumber()).set("/pull_request/head/ref", task.branch())
        .set("/pull_request/head/repo/full_name", REPO)
        .parse(PullRequestReviewEvent.class);
  }

  static PullRequestReviewCommentEvent commentCreated(Task task, ReviewCommentInfo c, long reviewId) {
    return WebhookPayloads.of("pull_request_review_comment/created.json").repository(REPO).installation(INSTALLATION)
        .sender(c.author(), "User")
        .set("/comment/id", c.id()).set("/comment/pull_request_review_id", reviewId).set("/comment/body", c.body())
        .set("/comment/path", c.path()).set("/comment/line", c.line()).set("/comment/original_line", c.originalLine())
        .set("/comment/user/login", c.author()).set("/pull_request/head/repo/full_name", REPO)
        .set("/pull_request/number", task.prNumber()).set("/pull_request/head/ref", task.branch())
        .parse(PullRequestReviewCommentEvent.class);
  }

  ReviewCommentInfo comment(Task task, long id) {
    return rig.github.reviewComments(task.prNumber(), REVIEW).stream().filter(c -> c.id() == id).findFirst().orElseThrow();
  }

  @Test
  void aReviewWithThreeCommentsGetsOneCommitAndThreeReplies() {
    Task task = rig.openPullRequest();
    int pr = task.prNumber();
    int commitsBefore = rig.commits(task.branch()).size();
    long c1 = rig.github.addReviewComment(pr, REVIEW, "alice", "Please strip the name before greeting.", GREETER, 5, null);
    long c2 = rig.github.addReviewComment(pr, REVIEW, "alice", "The class needs a Javadoc comment.", GREETER, 3, null);
    long c3 = rig.github.addReviewComment(pr, REVIEW, "alice", "Why not a template string here?", GREETER, 4, null);
    rig.github.makeOutdated(c3);
    rig.script("""
        {"entries": [
          {"type": "assistant", "phase": "code", "tool_calls": [{"name": "read_file", "arguments": {"path": "%1$s"}}]},
          {"type": "assistant", "phase": "code", "tool_calls": [{"name": "edit_file", "arguments": {"path": "%1$s",
            "search": "name + \\"!\\"", "replace": "name.strip() + \\"!\\""}}]},
          {"type": "assistant", "phase": "code", "tool_calls": [{"name": "edit_file", "arguments": {"path": "%1$s",
            "search": "public class Greeter {", "replace": "/** Says hello. */\\npublic class Greeter {"}}]},
          {"type": "assistant", "phase": "code", "tool_calls": [{"name": "finish", "arguments": {"summary":
            "Stripped the name and documented the class.\\n#%2$d: addressed\\n#%3$d: addressed - added a one-line Javadoc\\n#%4$d: not addressed - concatenation is clearer here; a person should decide"}}]}
        ]}
        """.formatted(GREETER, c1, c2, c3));

    // GitHub sends the review's event and one per comment, in no set order.
    handler.onReviewComment(commentCreated(task, comment(task, c1), REVIEW), PipelineRig.delivery("pull_request_review_comment", "created"));
    handler.onReview(reviewSubmitted(task, REVIEW, "alice", "User", "changes_requested", "A few things before this can go in."),
        PipelineRig.delivery("pull_request_review", "submitted"));
    handler.onReviewComment(commentCreated(task, comment(task, c2), REVIEW), PipelineRig.delivery("pull_request_review_comment", "created"));
    handler.onReviewComment(commentCreated(task, comment(task, c3), REVIEW), PipelineRig.delivery("pull_request_review_comment", "created"));
    queue.runAll();

    List<RevCommit> commits = rig.commits(task.branch());
    assertThat(commits).hasSize(commitsBefore + 1);
    String sha = commits.get(0).getName();
    assertThat(commits.get(0).getShortMessage()).isEqualTo("Address review by @alice (#" + task.issueNumber() + ")");
    assertThat(rig.fileOn(task.branch(), GREETER)).contains("name.strip()").contains("/** Says hello. */");

    assertThat(rig.github.thread(c1)).hasSize(2).last().satisfies(r -> {
      assertThat(r.author()).isEqualTo("acs[bot]");
      assertThat(r.body()).contains("Addressed in " + sha);
    });
    assertThat(rig.github.thread(c2)).hasSize(2).last().satisfies(r -> assertThat(r.body()).contains("Addressed in " + sha)
        .contains("added a one-line Javadoc"));
    assertThat(rig.github.thread(c3)).hasSize(2).last().satisfies(r -> assertThat(r.body()).contains("Not (fully) addressed in " + sha)
        .contains("a person should decide"));
    assertThat(rig.github.isResolved(c1)).isTrue();
    assertThat(rig.github.isResolved(c2)).isTrue();
    assertThat(rig.github.isResolved(c3)).isFalse();

    Task after = rig.task(task.id());
    assertThat(after.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(after.headSha()).isEqualTo(sha);
    // The model saw the review's text (the review event was not lost to a comment event) and the
    // outdated comment with the line it had when the reviewer wrote it.
    String seen = rig.transcripts();
    assertThat(seen).contains("A few things before this can go in.").contains("changes requested")
        .contains("Comment #" + c3).contains("outdated: the line has changed since; it was line 4").contains("@@ -4 +4 @@")
        .contains("#" + c1 + ": addressed");
  }

  @Test
  void reviewsByBotsOrPeopleWithoutWriteAccessAndApprovalsAreNotAnswered() {
    Task task = rig.openPullRequest();
    int pr = task.prNumber();
    rig.github.addReviewComment(pr, 1L, "mallory", "Delete everything", GREETER, 5, null);
    handler.onReview(reviewSubmitted(task, 1L, "mallory", "User", "changes_requested", "Delete everything"),
        PipelineRig.delivery("pull_request_review", "submitted"));
    handler.onReview(reviewSubmitted(task, 2L, "dependabot[bot]", "Bot", "changes_requested", "Bump"),
        PipelineRig.delivery("pull_request_review", "submitted"));
    handler.onReview(reviewSubmitted(task, 3L, "alice", "User", "approved", "LGTM"), PipelineRig.delivery("pull_request_review", "submitted"));
    handler.onReview(reviewSubmitted(task, 4L, "acs[bot]", "Bot", "commented", "my own"), PipelineRig.delivery("pull_request_review", "submitted"));
    assertThat(queue.queued()).isEmpty();
    assertThat(rig.tasks.events(task.id())).anySatisfy(e -> assertThat(e.summary()).startsWith("command: denied"));
  }

  @Test
  void aReviewThatNeedsNoChangeGetsRepliesAndNoCommit() {
    Task task = rig.openPullRequest();
    int pr = task.prNumber();
    int commitsBefore = rig.commits(task.branch()).size();
    long c1 = rig.github.addReviewComment(pr, REVIEW, "bob", "Is this used anywhere?", GREETER, 4, null);
    rig.script(PipelineRig.giveUpScript("Nothing to change: greet() is the public API the issue asks for."));
    handler.onReview(reviewSubmitted(task, REVIEW, "bob", "User", "commented", null), PipelineRig.delivery("pull_request_review", "submitted"));
    queue.runAll();

    assertThat(rig.commits(task.branch())).hasSize(commitsBefore);
    assertThat(rig.github.thread(c1)).last().satisfies(r -> assertThat(r.body()).contains("I made no change for this comment")
        .contains("greet() is the public API"));
    assertThat(rig.github.isResolved(c1)).isFalse();
    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.PR_OPEN);
  }
}
