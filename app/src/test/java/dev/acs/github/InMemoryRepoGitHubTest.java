package dev.acs.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.github.RepoGitHub.AnnotationInfo;
import dev.acs.github.RepoGitHub.CheckRunInfo;
import dev.acs.github.RepoGitHub.CheckRunUpdate;
import dev.acs.github.RepoGitHub.PullRequestInfo;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InMemoryRepoGitHubTest {
  final InMemoryRepoGitHub gh = InMemoryRepoGitHub.of("acme/widgets");

  @Test
  void upsertCreatesOnceThenEditsItsOwnComment() {
    int issue = gh.addIssue("NPE in parser", "stack trace…", "alice", "autocode");
    long first = gh.upsertComment(issue, "plan", "plan v1");
    long second = gh.upsertComment(issue, "plan", "plan v2");

    assertThat(second).isEqualTo(first);
    assertThat(gh.comments(issue)).singleElement().satisfies(c -> {
      assertThat(c.author()).isEqualTo("acs[bot]");
      assertThat(c.body()).isEqualTo("<!-- acs:plan -->\nplan v2");
    });
  }

  @Test
  void upsertLeavesAPastedMarkerInSomeoneElsesCommentAlone() {
    int issue = gh.addIssue("t", "b", "alice");
    long pasted = gh.addComment(issue, "mallory", "<!-- acs:plan -->\nI am the plan now");

    long mine = gh.upsertComment(issue, "plan", "real plan");

    assertThat(mine).isNotEqualTo(pasted);
    assertThat(gh.comments(issue)).extracting(InMemoryRepoGitHub.Comment::body)
        .containsExactly("<!-- acs:plan -->\nI am the plan now", "<!-- acs:plan -->\nreal plan");
    assertThat(gh.markedComment(issue, "plan")).contains(mine);
  }

  @Test
  void idsAndNumbersOnlyGrowAndPullRequestsShareIssueNumbers() {
    int a = gh.addIssue("a", "", "alice");
    long c1 = gh.comment(a, "one");
    long c2 = gh.comment(a, "two");
    PullRequestInfo pr = gh.openDraftPullRequest("Fix a", "acs/1-a", "main", "Closes #" + a);
    int b = gh.addIssue("b", "", "alice");

    assertThat(c2).isGreaterThan(c1);
    assertThat(pr.number()).isGreaterThan(a);
    assertThat(b).isGreaterThan(pr.number());
    assertThat(gh.issue(pr.number()).pullRequest()).isTrue();
    assertThat(gh.comment(pr.number(), "on the PR")).isGreaterThan(c2);
  }

  @Test
  void aNewPullRequestIsADraftUntilMarkedReady() {
    gh.setBranchHead("acs/1-a", "a".repeat(40));
    PullRequestInfo pr = gh.openDraftPullRequest("Fix", "acs/1-a", "main", "Closes #1");
    assertThat(pr.draft()).isTrue();
    assertThat(pr.headSha()).isEqualTo("a".repeat(40));

    gh.markReadyForReview(pr.number());
    gh.setBranchHead("acs/1-a", "b".repeat(40)); // a later push moves the head

    PullRequestInfo now = gh.openPullRequestForBranch("acs/1-a").orElseThrow();
    assertThat(now.draft()).isFalse();
    assertThat(now.headSha()).isEqualTo("b".repeat(40));
  }

  @Test
  void aClosedPullRequestIsNoLongerTheBranchesOpenOne() {
    PullRequestInfo pr = gh.openDraftPullRequest("Fix", "acs/1-a", "main", "");
    gh.closePullRequest(pr.number());
    assertThat(gh.openPullRequestForBranch("acs/1-a")).isEmpty();
    assertThat(gh.openDraftPullRequest("Again", "acs/1-a", "main", "").number()).isGreaterThan(pr.number());
  }

  static Stream<Arguments> refusals() {
    return Stream.<Arguments>of(
        Arguments.of("unknown issue", 404, (Consumer<InMemoryRepoGitHub>) g -> g.issue(99)),
        Arguments.of("comment on unknown issue", 404, (Consumer<InMemoryRepoGitHub>) g -> g.comment(99, "x")),
        Arguments.of("reaction GitHub lacks", 422, (Consumer<InMemoryRepoGitHub>) g -> g.reactToIssueComment(1000, "thumbsup")),
        Arguments.of("reaction on unknown comment", 404, (Consumer<InMemoryRepoGitHub>) g -> g.reactToIssueComment(5, "eyes")),
        Arguments.of("second open PR for a branch", 422, (Consumer<InMemoryRepoGitHub>) g -> {
          g.openDraftPullRequest("a", "acs/x", "main", "");
          g.openDraftPullRequest("b", "acs/x", "main", "");
        }),
        Arguments.of("PR from a branch onto itself", 422, (Consumer<InMemoryRepoGitHub>) g -> g.openDraftPullRequest("a", "main", "main", "")),
        Arguments.of("update unknown PR", 404, (Consumer<InMemoryRepoGitHub>) g -> g.updatePullRequestBody(77, "x")),
        Arguments.of("completed without conclusion", 422, (Consumer<InMemoryRepoGitHub>) g ->
            g.createCheckRun("ACS", "a".repeat(40), new CheckRunUpdate("completed", null, "t", "s", null, List.of()))),
        Arguments.of("bad conclusion", 422, (Consumer<InMemoryRepoGitHub>) g ->
            g.createCheckRun("ACS", "a".repeat(40), CheckRunUpdate.completed("passed", "t", "s", null, List.of()))),
        Arguments.of("bad annotation level", 422, (Consumer<InMemoryRepoGitHub>) g ->
            g.createCheckRun("ACS", "a".repeat(40), new CheckRunUpdate("in_progress", null, "t", "s", null,
                List.of(new AnnotationInfo("A.java", 1, 1, "error", "m", null))))),
        Arguments.of("update unknown check run", 404, (Consumer<InMemoryRepoGitHub>) g ->
            g.updateCheckRun(42, CheckRunUpdate.inProgress("t", "s"))),
        Arguments.of("jobs of unknown run", 404, (Consumer<InMemoryRepoGitHub>) g -> g.jobsOfRun(3)),
        Arguments.of("log of unknown job", 404, (Consumer<InMemoryRepoGitHub>) g -> g.jobLog(3)),
        Arguments.of("rerun unknown run", 404, (Consumer<InMemoryRepoGitHub>) g -> g.rerunFailedJobs(3)),
        Arguments.of("reply to unknown review comment", 404, (Consumer<InMemoryRepoGitHub>) g -> g.replyToReviewComment(1, 5, "x")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusesWhatGitHubRefusesWithItsStatus(String what, int status, Consumer<InMemoryRepoGitHub> action) {
    InMemoryRepoGitHub fresh = InMemoryRepoGitHub.of("acme/widgets");
    fresh.addComment(fresh.addIssue("t", "", "alice"), "alice", "hi"); // comment 1000 exists
    assertThatThrownBy(() -> action.accept(fresh))
        .isInstanceOfSatisfying(GitHubException.class, e -> assertThat(e.status()).isEqualTo(status));
  }

  @Test
  void reactionsAreOnePerKind() {
    int issue = gh.addIssue("t", "", "alice");
    long c = gh.addComment(issue, "alice", "/acs plan");
    gh.reactToIssueComment(c, "eyes");
    gh.reactToIssueComment(c, "eyes");
    gh.reactToIssueComment(c, "rocket");
    assertThat(gh.reactionsOnIssueComment(c)).containsExactlyInAnyOrder("eyes", "rocket");
  }

  @Test
  void checkRunsKeepAppendingAnnotationsAndTheLatestRunPerNameIsListed() {
    String sha = "c".repeat(40);
    gh.setBranchHead("acs/1-a", sha);
    long ci1 = gh.addCheckRun("github-actions", "build", sha, CheckRunUpdate.completed("failure", "Build", "1 failed", null,
        List.of(new AnnotationInfo("src/A.java", 3, 3, "failure", "expected 2 but was 3", "ATest"))));
    long ci2 = gh.addCheckRun("github-actions", "build", sha, CheckRunUpdate.inProgress("Build", "re-run"));
    long acs = gh.createCheckRun("ACS", sha, CheckRunUpdate.inProgress("Repairing", "attempt 1"));
    gh.updateCheckRun(acs, new CheckRunUpdate(null, null, null, null, null,
        List.of(new AnnotationInfo("src/A.java", 1, 1, "notice", "first", null))));
    gh.updateCheckRun(acs, CheckRunUpdate.completed("success", "Green", "done", null,
        List.of(new AnnotationInfo("src/A.java", 2, 2, "notice", "second", null))));

    List<CheckRunInfo> runs = gh.checkRunsForRef("acs/1-a");
    assertThat(runs).extracting(CheckRunInfo::id).containsExactly(ci2, acs);
    assertThat(gh.checkRun(acs)).satisfies(r -> {
      assertThat(r.status()).isEqualTo("completed");
      assertThat(r.conclusion()).isEqualTo("success");
      assertThat(r.appSlug()).isEqualTo("acs");
      assertThat(r.outputTitle()).isEqualTo("Green");
    });
    assertThat(gh.annotations(acs)).extracting(AnnotationInfo::message).containsExactly("first", "second");
    assertThat(gh.annotations(ci1)).extracting(AnnotationInfo::title).containsExactly("ATest");
  }

  @Test
  void jobsLogsAndReruns() {
    long job = gh.addJob(77, "test", "failure", "d".repeat(40), "[ERROR] boom\n");
    assertThat(gh.jobsOfRun(77)).singleElement().satisfies(j -> {
      assertThat(j.id()).isEqualTo(job);
      assertThat(j.conclusion()).isEqualTo("failure");
    });
    assertThat(gh.jobLog(job)).isEqualTo("[ERROR] boom\n");
    gh.rerunFailedJobs(77);
    assertThat(gh.rerunRequests()).containsExactly(77L);
  }

  @Test
  void reviewThreadsRepliesAndResolution() {
    PullRequestInfo pr = gh.openDraftPullRequest("Fix", "acs/1-a", "main", "");
    long root = gh.addReviewComment(pr.number(), 500, "bob", "rename this", "src/A.java", 10, null);
    long theirReply = gh.addReviewComment(pr.number(), 501, "carol", "+1", "src/A.java", 10, root);
    long other = gh.addReviewComment(pr.number(), 500, "bob", "and this", "src/B.java", 3, null);

    assertThat(gh.reviewComments(pr.number(), 500)).extracting(RepoGitHub.ReviewCommentInfo::id).containsExactly(root, other);

    long mine = gh.replyToReviewComment(pr.number(), root, "Renamed in abc123");
    assertThat(gh.thread(root)).extracting(RepoGitHub.ReviewCommentInfo::id).containsExactly(root, theirReply, mine);
    assertThat(gh.thread(mine).get(2).author()).isEqualTo("acs[bot]");
    assertThatThrownBy(() -> gh.replyToReviewComment(pr.number(), theirReply, "x"))
        .isInstanceOfSatisfying(GitHubException.class, e -> assertThat(e.status()).isEqualTo(422));

    gh.resolveThreadOf(pr.number(), theirReply);
    assertThat(gh.isResolved(root)).isTrue();
    assertThat(gh.isResolved(mine)).isTrue();
    assertThat(gh.isResolved(other)).isFalse();

    gh.reactToReviewComment(root, "rocket");
    assertThat(gh.reactionsOnReviewComment(root)).containsExactly("rocket");
  }

  @Test
  void filesLiveAtRefsAndPermissionsDefaultToNone() {
    gh.putFile("main", ".github/acs.yml", "label: fixme\n");
    gh.setPermission("Alice", "write");
    assertThat(gh.readFile(".github/acs.yml", "main")).contains("label: fixme\n");
    assertThat(gh.readFile(".github/acs.yml", "acs/1-a")).isEmpty();
    assertThat(gh.permissionOf("alice")).isEqualTo("write");
    assertThat(gh.permissionOf("mallory")).isEqualTo("none");
  }

  @Test
  void isSafeToUseFromSeveralThreads() throws Exception {
    int issue = gh.addIssue("t", "", "alice");
    Thread[] threads = new Thread[8];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 200; i++) {
          gh.comment(issue, "x");
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(gh.comments(issue)).hasSize(1600).extracting(InMemoryRepoGitHub.Comment::id).doesNotHaveDuplicates();
  }
}
