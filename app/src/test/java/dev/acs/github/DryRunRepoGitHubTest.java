package dev.acs.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.github.RepoGitHub.CheckRunUpdate;
import dev.acs.github.RepoGitHub.PullRequestInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DryRunRepoGitHubTest {
  final InMemoryRepoGitHub real = InMemoryRepoGitHub.of("o/r");
  final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  DryRunRepoGitHub dry;
  int issue;

  @BeforeEach
  void setUp() {
    dry = new DryRunRepoGitHub(real, new PrintStream(printed, true, StandardCharsets.UTF_8));
    issue = real.addIssue("NPE", "trace", "alice", "autocode");
  }

  List<String> lines() {
    return printed.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void printsEachWriteAsOneLineAndWritesNothing() {
    long id = dry.comment(issue, "first line\nsecond line");

    assertThat(lines()).containsExactly("DRY-RUN POST /repos/o/r/issues/" + issue + "/comments  body: first line\\nsecond line");
    assertThat(dry.writes()).containsExactly(new DryRunRepoGitHub.Write("POST", "/repos/o/r/issues/" + issue + "/comments",
        "first line\nsecond line"));
    assertThat(id).isGreaterThan(9_000_000_000L);
    assertThat(real.comments(issue)).isEmpty();
  }

  @Test
  void cutsThePrintedBodyAt200Characters() {
    dry.comment(issue, "x".repeat(500));
    assertThat(lines().get(0)).endsWith("body: " + "x".repeat(200) + "…");
    assertThat(dry.writes().get(0).body()).hasSize(500);
  }

  @Test
  void anUpsertShowsWhetherItWouldEditOrCreate() {
    long mine = real.upsertComment(issue, "plan", "old");
    dry.upsertComment(issue, "plan", "new");
    dry.upsertComment(issue, "status", "s");

    assertThat(lines()).containsExactly(
        "DRY-RUN PATCH /repos/o/r/issues/comments/" + mine + "  body: <!-- acs:plan -->\\nnew",
        "DRY-RUN POST /repos/o/r/issues/" + issue + "/comments  body: <!-- acs:status -->\\ns");
    assertThat(real.comments(issue)).singleElement().extracting(InMemoryRepoGitHub.Comment::body)
        .isEqualTo("<!-- acs:plan -->\nold");
  }

  @Test
  void readsGoThrough() {
    real.setPermission("alice", "write");
    real.putFile("main", ".github/acs.yml", "label: x");
    assertThat(dry.permissionOf("alice")).isEqualTo("write");
    assertThat(dry.readFile(".github/acs.yml", "main")).contains("label: x");
    assertThat(dry.issue(issue).title()).isEqualTo("NPE");
    assertThat(dry.writes()).isEmpty();
  }

  @Test
  void aPretendPullRequestCanBeReadBackAndWorkedOn() {
    PullRequestInfo pr = dry.openDraftPullRequest("Fix NPE", "acs/1-fix-npe", "main", "Closes #1");
    dry.updatePullRequestBody(pr.number(), "Closes #1\n\nattempt 2");
    dry.markReadyForReview(pr.number());
    dry.upsertComment(pr.number(), "status", "green");

    assertThat(dry.openPullRequestForBranch("acs/1-fix-npe")).get().satisfies(p -> {
      assertThat(p.draft()).isFalse();
      assertThat(p.body()).isEqualTo("Closes #1\n\nattempt 2");
    });
    assertThat(dry.issue(pr.number()).pullRequest()).isTrue();
    assertThat(real.pullRequests()).isEmpty();
    assertThat(dry.writes()).extracting(w -> w.method() + " " + w.path()).containsExactly(
        "POST /repos/o/r/pulls",
        "PATCH /repos/o/r/pulls/" + pr.number(),
        "POST /graphql",
        "POST /repos/o/r/issues/" + pr.number() + "/comments");
    assertThat(dry.writes().get(0).body()).contains("\"draft\":true").contains("\"head\":\"acs/1-fix-npe\"");
  }

  @Test
  void checkRunsReactionsRepliesAndRerunsAreWritesToo() {
    long run = dry.createCheckRun("ACS", "a".repeat(40), CheckRunUpdate.inProgress("Working", "attempt 1"));
    dry.updateCheckRun(run, CheckRunUpdate.completed("success", "Done", "ok", null, List.of()));
    dry.reactToIssueComment(5, "eyes");
    dry.reactToReviewComment(6, "rocket");
    dry.replyToReviewComment(3, 7, "fixed");
    dry.resolveThreadOf(3, 7);
    dry.rerunFailedJobs(99);

    assertThat(lines()).containsExactly(
        "DRY-RUN POST /repos/o/r/check-runs  body: {\"name\":\"ACS\",\"head_sha\":\"" + "a".repeat(40)
            + "\",\"status\":\"in_progress\",\"output\":{\"title\":\"Working\",\"summary\":\"attempt 1\"}}",
        "DRY-RUN PATCH /repos/o/r/check-runs/" + run
            + "  body: {\"status\":\"completed\",\"conclusion\":\"success\",\"output\":{\"title\":\"Done\",\"summary\":\"ok\"}}",
        "DRY-RUN POST /repos/o/r/issues/comments/5/reactions  body: {\"content\":\"eyes\"}",
        "DRY-RUN POST /repos/o/r/pulls/comments/6/reactions  body: {\"content\":\"rocket\"}",
        "DRY-RUN POST /repos/o/r/pulls/3/comments/7/replies  body: fixed",
        "DRY-RUN POST /graphql  body: resolveReviewThread of review comment 7 on #3",
        "DRY-RUN POST /repos/o/r/actions/runs/99/rerun-failed-jobs");
  }

  @Test
  void handsOutNoPushToken() {
    assertThat(dry.pushToken()).isEqualTo(DryRunRepoGitHub.NO_PUSH_TOKEN).isNotEqualTo(real.pushToken());
    assertThat(lines()).containsExactly("DRY-RUN PUSH git push to o/r withheld (no token in a dry run)");
  }
}
