package dev.acs.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.github.RepoGitHub.AnnotationInfo;
import dev.acs.github.RepoGitHub.CheckRunInfo;
import dev.acs.github.RepoGitHub.CheckRunUpdate;
import dev.acs.github.RepoGitHub.IssueInfo;
import dev.acs.github.RepoGitHub.JobInfo;
import dev.acs.github.RepoGitHub.PullRequestInfo;
import dev.acs.github.RepoGitHub.RepoInfo;
import dev.acs.github.RepoGitHub.ReviewCommentInfo;
import dev.acs.testing.GitHubFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every REST call HubRepoGitHub makes, against GitHub's documented example bodies. */
class HubRepoGitHubTest extends WireMockGitHub {
  static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

  RepoGitHub repo;

  @BeforeEach
  void setUp() {
    stubRepository();
    repo = tokenRepo();
  }

  @Test
  void readsTheRepository() {
    RepoInfo info = repo.repository();
    assertThat(info).isEqualTo(new RepoInfo(REPO, false, false, "master", "https://github.com/octocat/Hello-World.git"));
    repo.repository();
    github.verify(1, getRequestedFor(urlPathEqualTo(API))); // read once per instance
    github.verify(getRequestedFor(urlPathEqualTo(API))
        .withHeader("Authorization", equalTo("token " + FIXTURE_TOKEN)));
  }

  @Test
  void permissionIsGitHubsPermissionField() {
    stub(get(urlPathEqualTo(API + "/collaborators/octocat/permission")), fixture(200, GitHubFixtures.PERMISSION));
    assertThat(repo.permissionOf("octocat")).isEqualTo("admin");
  }

  @Test
  void someoneWhoIsNoCollaboratorHasNoPermission() {
    stub(get(urlPathEqualTo(API + "/collaborators/stranger/permission")), basicError(404, "Not Found"));
    assertThat(repo.permissionOf("stranger")).isEqualTo("none");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../user", "a b", "", "x/y"})
  void aLoginThatCannotBeOneIsNoneWithoutAsking(String login) {
    assertThat(repo.permissionOf(login)).isEqualTo("none");
    assertThat(github.getAllServeEvents()).isEmpty();
  }

  @Test
  void readsAFileAtARefAndDecodesIt() {
    stub(get(urlPathEqualTo(API + "/contents/.github/acs.yml")).withQueryParam("ref", equalTo("main")),
        fixture(200, GitHubFixtures.CONTENT_FILE));
    assertThat(repo.readFile(".github/acs.yml", "main")).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("A web app that leads you through a yoga session.")
        .contains("To build, run `npm run build`.");
  }

  @Test
  void aFileThatIsNotThereIsEmpty() {
    stub(get(urlPathEqualTo(API + "/contents/.github/acs.yml")), basicError(404, "Not Found"));
    assertThat(repo.readFile(".github/acs.yml", "main")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {GitHubFixtures.CONTENT_DIR, GitHubFixtures.CONTENT_SYMLINK})
  void aDirectoryOrSymlinkIsNoFileText(String fixture) {
    stub(get(urlPathEqualTo(API + "/contents/lib")), fixture(200, fixture));
    assertThat(repo.readFile("lib", "main")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../user", "/etc/passwd", "a//b", "a/./b", "a?ref=x"})
  void aPathThatLeavesTheRepositoryIsRefused(String path) {
    assertThatThrownBy(() -> repo.readFile(path, "main")).isInstanceOf(IllegalArgumentException.class);
    assertThat(github.getAllServeEvents()).isEmpty();
  }

  @Test
  void aForbiddenReadIsAGitHubExceptionWithGitHubsMessage() {
    stub(get(urlPathEqualTo(API + "/contents/secret.txt")), basicError(403, "Resource not accessible by integration"));
    assertThatThrownBy(() -> repo.readFile("secret.txt", "main"))
        .isInstanceOfSatisfying(GitHubException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.getMessage()).contains("read secret.txt at main in octocat/Hello-World")
              .contains("Resource not accessible by integration")
              .doesNotContain(FIXTURE_TOKEN);
        });
  }

  @Test
  void readsAnIssue() {
    stub(get(urlPathEqualTo(API + "/issues/1347")), fixture(200, GitHubFixtures.ISSUE));
    IssueInfo issue = repo.issue(1347);
    assertThat(issue.number()).isEqualTo(1347);
    assertThat(issue.title()).isEqualTo("Found a bug");
    assertThat(issue.author()).isEqualTo("octocat");
    assertThat(issue.labels()).containsExactly("bug");
    assertThat(issue.pullRequest()).isTrue(); // the example carries a pull_request field
  }

  @Test
  void aMissingIssueIs404() {
    stub(get(urlPathEqualTo(API + "/issues/9")), basicError(404, "Not Found"));
    assertThatThrownBy(() -> repo.issue(9)).isInstanceOfSatisfying(GitHubException.class,
        e -> assertThat(e.notFound()).isTrue());
  }

  /** The documented comment list, with its one comment's author and body set by the test. */
  void stubComments(String author, String body) {
    ArrayNode comments = (ArrayNode) GitHubFixtures.json(GitHubFixtures.ISSUE_COMMENTS).deepCopy();
    ObjectNode only = (ObjectNode) comments.get(0);
    only.put("body", body);
    ((ObjectNode) only.get("user")).put("login", author).put("type", author.endsWith("[bot]") ? "Bot" : "User");
    stub(get(urlPathEqualTo(API + "/issues/1347")), fixture(200, GitHubFixtures.ISSUE));
    stub(get(urlPathEqualTo(API + "/issues/1347/comments")), json(200, comments));
    stubActionsTokenUser();
  }

  @Test
  void upsertEditsAcsOwnMarkedComment() {
    stubComments("github-actions[bot]", "<!-- acs:plan -->\nold plan");
    stub(patch(urlPathEqualTo(API + "/issues/comments/1")), fixture(200, GitHubFixtures.COMMENT_EDITED));

    long id = repo.upsertComment(1347, "plan", "new plan");

    assertThat(id).isEqualTo(1);
    github.verify(patchRequestedFor(urlPathEqualTo(API + "/issues/comments/1"))
        .withRequestBody(equalToJson("{\"body\": \"<!-- acs:plan -->\\nnew plan\"}")));
    github.verify(0, postRequestedFor(urlPathEqualTo(API + "/issues/1347/comments")));
  }

  @Test
  void upsertNeverEditsSomeoneElsesCommentThatCarriesTheMarker() {
    stubComments("octocat", "pasted: <!-- acs:plan -->");
    stub(post(urlPathEqualTo(API + "/issues/1347/comments")), fixture(201, GitHubFixtures.COMMENT_CREATED));

    repo.upsertComment(1347, "plan", "the plan");

    github.verify(postRequestedFor(urlPathEqualTo(API + "/issues/1347/comments"))
        .withRequestBody(equalToJson("{\"body\": \"<!-- acs:plan -->\\nthe plan\"}")));
    github.verify(0, patchRequestedFor(urlPathEqualTo(API + "/issues/comments/1")));
  }

  @Test
  void upsertCreatesWhenOnlyAnotherKeyIsThere() {
    stubComments("github-actions[bot]", "<!-- acs:status -->\nstatus");
    stub(post(urlPathEqualTo(API + "/issues/1347/comments")), fixture(201, GitHubFixtures.COMMENT_CREATED));
    assertThat(repo.markedComment(1347, "plan")).isEmpty();
    assertThat(repo.markedComment(1347, "status")).contains(1L);
    repo.upsertComment(1347, "plan", "the plan");
    github.verify(1, postRequestedFor(urlPathEqualTo(API + "/issues/1347/comments")));
  }

  @Test
  void aPlainCommentIsPostedAsWritten() {
    stub(get(urlPathEqualTo(API + "/issues/1347")), fixture(200, GitHubFixtures.ISSUE));
    stub(post(urlPathEqualTo(API + "/issues/1347/comments")), fixture(201, GitHubFixtures.COMMENT_CREATED));
    assertThat(repo.comment(1347, "Done :rocket:")).isEqualTo(1);
    github.verify(postRequestedFor(urlPathEqualTo(API + "/issues/1347/comments"))
        .withRequestBody(equalToJson("{\"body\": \"Done :rocket:\"}")));
  }

  @Test
  void aCommentThatGitHubRefusesSaysWhy() {
    stub(get(urlPathEqualTo(API + "/issues/1347")), fixture(200, GitHubFixtures.ISSUE));
    stub(post(urlPathEqualTo(API + "/issues/1347/comments")), basicError(403, "Resource not accessible by integration"));
    assertThatThrownBy(() -> repo.comment(1347, "x")).isInstanceOfSatisfying(GitHubException.class, e -> {
      assertThat(e.status()).isEqualTo(403);
      assertThat(e.getMessage()).isEqualTo("comment on #1347 in octocat/Hello-World: GitHub answered 403:"
          + " Resource not accessible by integration");
    });
  }

  @Test
  void reactsToIssueAndReviewComments() {
    stub(post(urlPathEqualTo(API + "/issues/comments/1/reactions")), fixture(201, GitHubFixtures.REACTION_CREATED));
    stub(post(urlPathEqualTo(API + "/pulls/comments/10/reactions")), fixture(201, GitHubFixtures.REVIEW_REACTION_CREATED));
    repo.reactToIssueComment(1, "eyes");
    repo.reactToReviewComment(10, "rocket");
    github.verify(postRequestedFor(urlPathEqualTo(API + "/issues/comments/1/reactions"))
        .withHeader("Authorization", equalTo("token " + FIXTURE_TOKEN))
        .withRequestBody(equalToJson("{\"content\": \"eyes\"}")));
    github.verify(postRequestedFor(urlPathEqualTo(API + "/pulls/comments/10/reactions"))
        .withRequestBody(equalToJson("{\"content\": \"rocket\"}")));
  }

  @Test
  void aReactionGitHubDoesNotHaveIsRefusedBeforeAsking() {
    assertThatThrownBy(() -> repo.reactToIssueComment(1, "thumbsup")).isInstanceOf(IllegalArgumentException.class);
    assertThat(github.getAllServeEvents()).isEmpty();
  }

  @Test
  void opensADraftPullRequest() {
    stub(post(urlPathEqualTo(API + "/pulls")), fixture(201, GitHubFixtures.PULL_CREATED));
    PullRequestInfo pr = repo.openDraftPullRequest("Fix NPE", "acs/12-fix-npe", "master", "Closes #12");
    assertThat(pr.number()).isEqualTo(1347);
    assertThat(pr.url()).isEqualTo("https://github.com/octocat/Hello-World/pull/1347");
    assertThat(pr.headSha()).isEqualTo(SHA);
    List<com.github.tomakehurst.wiremock.verification.LoggedRequest> posts =
        github.findAll(postRequestedFor(urlPathEqualTo(API + "/pulls")));
    JsonNode body = requestJson(posts.get(0));
    assertThat(body.path("draft").asBoolean()).isTrue();
    assertThat(body.path("title").asText()).isEqualTo("Fix NPE");
    assertThat(body.path("head").asText()).isEqualTo("acs/12-fix-npe");
    assertThat(body.path("base").asText()).isEqualTo("master");
    assertThat(body.path("body").asText()).isEqualTo("Closes #12");
  }

  /**
   * A private repository on a plan without drafts: GitHub answers 422 with this message (as
   * reported in SWE-agent/SWE-agent#179 and getsentry/seer#1493). ACS opens the pull request ready
   * for review, says why at the top of its body, and reports it as not a draft.
   */
  @Test
  void whereDraftsAreRefusedOpensAReadyPullRequestThatSaysWhy() {
    stub(post(urlPathEqualTo(API + "/pulls")).withRequestBody(matchingJsonPath("$.draft", equalTo("true"))),
        json(422, Map.of("message", "Draft pull requests are not supported in this repository.",
            "documentation_url", "https://docs.github.com/rest/pulls/pulls#create-a-pull-request")));
    ObjectNode created = (ObjectNode) GitHubFixtures.json(GitHubFixtures.PULL_CREATED).deepCopy();
    created.put("draft", false);
    stub(post(urlPathEqualTo(API + "/pulls")).withRequestBody(matchingJsonPath("$.draft", equalTo("false"))), json(201, created));

    PullRequestInfo pr = repo.openDraftPullRequest("Fix NPE", "acs/12-fix-npe", "master", "Closes #12");

    assertThat(pr.number()).isEqualTo(1347);
    assertThat(pr.draft()).as("the flag the pipeline reads").isFalse();
    List<com.github.tomakehurst.wiremock.verification.LoggedRequest> posts =
        github.findAll(postRequestedFor(urlPathEqualTo(API + "/pulls")));
    assertThat(posts).hasSize(2);
    JsonNode ready = requestJson(posts.get(1));
    assertThat(ready.path("draft").asBoolean(true)).isFalse();
    assertThat(ready.path("body").asText()).startsWith(HubRepoGitHub.DRAFTS_REFUSED_NOTE)
        .contains("Draft pull requests are not supported in this repository.").endsWith("Closes #12");
  }

  @Test
  void anotherRefusalOfThePullRequestIsNotRetriedAsReady() {
    stub(post(urlPathEqualTo(API + "/pulls")), basicError(422, "Validation Failed"));
    assertThatThrownBy(() -> repo.openDraftPullRequest("Fix NPE", "acs/12-fix-npe", "master", "Closes #12"))
        .isInstanceOf(GitHubException.class).hasMessageContaining("422");
    github.verify(1, postRequestedFor(urlPathEqualTo(API + "/pulls")));
  }

  @Test
  void readsAPullRequestOrNothing() {
    stub(get(urlPathEqualTo(API + "/pulls/1347")), fixture(200, GitHubFixtures.PULL));
    stub(get(urlPathEqualTo(API + "/pulls/2")), basicError(404, "Not Found"));
    assertThat(repo.pullRequest(1347)).contains(new PullRequestInfo(1347,
        "https://github.com/octocat/Hello-World/pull/1347", "new-topic", SHA, "master", false, "open",
        "Please pull these awesome changes in!"));
    assertThat(repo.pullRequest(2)).isEmpty();
  }

  @Test
  void findsTheOpenPullRequestOfABranchOfThisRepository() {
    stub(get(urlPathEqualTo(API + "/pulls")).withQueryParam("head", equalTo("octocat:new-topic"))
        .withQueryParam("state", equalTo("open")), fixture(200, GitHubFixtures.PULLS));
    stub(get(urlPathEqualTo(API + "/pulls/1347")), fixture(200, GitHubFixtures.PULL));
    assertThat(repo.openPullRequestForBranch("new-topic")).get().extracting(PullRequestInfo::number).isEqualTo(1347);
  }

  @Test
  void noOpenPullRequestForABranchIsEmpty() {
    stub(get(urlPathEqualTo(API + "/pulls")).withQueryParam("head", equalTo("octocat:other")), json(200, "[]"));
    assertThat(repo.openPullRequestForBranch("other")).isEmpty();
  }

  @Test
  void updatesThePullRequestBody() {
    stub(get(urlPathEqualTo(API + "/pulls/1347")), fixture(200, GitHubFixtures.PULL));
    stub(patch(urlPathEqualTo(API + "/pulls/1347")), fixture(200, GitHubFixtures.PULL_EDITED));
    repo.updatePullRequestBody(1347, "Closes #12\n\nAttempt 2");
    github.verify(patchRequestedFor(urlPathEqualTo(API + "/pulls/1347"))
        .withRequestBody(equalToJson("{\"body\": \"Closes #12\\n\\nAttempt 2\"}")));
  }

  @Test
  void createsACheckRunWithOutputAndAnnotations() {
    stub(post(urlPathEqualTo(API + "/check-runs")), fixture(201, GitHubFixtures.CHECK_RUN_CREATED));
    long id = repo.createCheckRun("ACS", SHA, new CheckRunUpdate("in_progress", null, "Working", "Attempt 1", null,
        List.of(new AnnotationInfo("src/A.java", 7, 7, "warning", "possible NPE", "PMD"))));
    assertThat(id).isEqualTo(4);
    JsonNode body = requestJson(github.findAll(postRequestedFor(urlPathEqualTo(API + "/check-runs"))).get(0));
    assertThat(body.path("name").asText()).isEqualTo("ACS");
    assertThat(body.path("head_sha").asText()).isEqualTo(SHA);
    assertThat(body.path("status").asText()).isEqualTo("in_progress");
    assertThat(body.path("output").path("title").asText()).isEqualTo("Working");
    assertThat(body.path("output").path("summary").asText()).isEqualTo("Attempt 1");
    JsonNode annotation = body.path("output").path("annotations").get(0);
    assertThat(annotation.path("path").asText()).isEqualTo("src/A.java");
    assertThat(annotation.path("start_line").asInt()).isEqualTo(7);
    assertThat(annotation.path("annotation_level").asText()).isEqualTo("warning");
    assertThat(annotation.path("title").asText()).isEqualTo("PMD");
  }

  @Test
  void completesACheckRun() {
    stub(patch(urlPathEqualTo(API + "/check-runs/4")), fixture(200, GitHubFixtures.CHECK_RUN_UPDATED));
    repo.updateCheckRun(4, CheckRunUpdate.completed("failure", "Blocked by policy", "push denied", "details", List.of()));
    JsonNode body = requestJson(github.findAll(patchRequestedFor(urlPathEqualTo(API + "/check-runs/4"))).get(0));
    assertThat(body.path("status").asText()).isEqualTo("completed");
    assertThat(body.path("conclusion").asText()).isEqualTo("failure");
    assertThat(body.path("output").path("title").asText()).isEqualTo("Blocked by policy");
    assertThat(body.path("output").path("text").asText()).isEqualTo("details");
  }

  @Test
  void moreThanFiftyAnnotationsGoInSeveralRequests() {
    stub(post(urlPathEqualTo(API + "/check-runs")), fixture(201, GitHubFixtures.CHECK_RUN_CREATED));
    stub(patch(urlPathEqualTo(API + "/check-runs/4")), fixture(200, GitHubFixtures.CHECK_RUN_UPDATED));
    List<AnnotationInfo> many = IntStream.rangeClosed(1, 60)
        .mapToObj(i -> new AnnotationInfo("A.java", i, i, "notice", "n" + i, null)).toList();
    repo.createCheckRun("ACS", SHA, CheckRunUpdate.completed("neutral", "t", "s", null, many));
    JsonNode first = requestJson(github.findAll(postRequestedFor(urlPathEqualTo(API + "/check-runs"))).get(0));
    JsonNode rest = requestJson(github.findAll(patchRequestedFor(urlPathEqualTo(API + "/check-runs/4"))).get(0));
    assertThat(first.path("output").path("annotations").size()).isEqualTo(50);
    assertThat(rest.path("output").path("annotations").size()).isEqualTo(10);
  }

  @Test
  void listsTheCheckRunsOfARef() {
    stub(get(urlPathEqualTo(API + "/commits/" + SHA + "/check-runs")), fixture(200, GitHubFixtures.CHECK_RUNS_FOR_REF));
    List<CheckRunInfo> runs = repo.checkRunsForRef(SHA);
    assertThat(runs).hasSize(1);
    CheckRunInfo run = runs.get(0);
    assertThat(run.id()).isEqualTo(4);
    assertThat(run.name()).isEqualTo("mighty_readme");
    assertThat(run.status()).isEqualTo("completed");
    assertThat(run.conclusion()).isEqualTo("neutral");
    assertThat(run.appSlug()).isEqualTo("octoapp");
    assertThat(run.outputTitle()).isEqualTo("Mighty Readme report");
    assertThat(run.outputSummary()).startsWith("There are 0 failures");
    assertThat(run.detailsUrl()).isEqualTo("https://example.com");
    assertThat(run.checkSuiteId()).isEqualTo(5L);
  }

  @Test
  void listsAnnotationsAcrossPagesOnGitHubsHostOnly() {
    JsonNode page = GitHubFixtures.json(GitHubFixtures.ANNOTATIONS);
    stub(get(urlPathEqualTo(API + "/check-runs/4/annotations")).withQueryParam("page", absent()),
        json(200, page).withHeader("Link", "<" + github.baseUrl() + API + "/check-runs/4/annotations?per_page=100&page=2>; rel=\"next\""));
    stub(get(urlPathEqualTo(API + "/check-runs/4/annotations")).withQueryParam("page", equalTo("2")),
        json(200, page).withHeader("Link", "<https://elsewhere.example/steal?page=3>; rel=\"next\""));
    List<AnnotationInfo> annotations = repo.annotations(4);
    assertThat(annotations).hasSize(2).allSatisfy(a -> {
      assertThat(a.path()).isEqualTo("README.md");
      assertThat(a.startLine()).isEqualTo(2);
      assertThat(a.level()).isEqualTo("warning");
      assertThat(a.message()).isEqualTo("Check your spelling for 'banaas'.");
      assertThat(a.title()).isEqualTo("Spell Checker");
    });
  }

  @Test
  void listsTheJobsOfAWorkflowRun() {
    stub(get(urlPathEqualTo(API + "/actions/runs/29679449/jobs")), fixture(200, GitHubFixtures.JOBS));
    assertThat(repo.jobsOfRun(29679449)).containsExactly(
        new JobInfo(399444496, 29679449, "build", "completed", "success", "f83a356604ae3c5d03e1b46ef4d1ca77d64a90b0"));
  }

  /** The job-log 302's documented Location, pointed at WireMock instead of pipelines.actions.githubusercontent.com. */
  String signedLogPath() {
    String example = GitHubFixtures.json(GitHubFixtures.JOB_LOGS_302).path("headers").path("Location").path("example").asText();
    return example.substring(example.indexOf("/_apis/"));
  }

  @Test
  void followsTheJobLogRedirectWithoutSendingTheToken() {
    String signed = signedLogPath();
    stub(get(urlPathEqualTo(API + "/actions/jobs/399444496/logs")),
        aResponse().withStatus(302).withHeader("Location", github.baseUrl() + signed));
    // SYNTHETIC log text: GitHub documents no log body; lines shaped like an Actions log.
    String log = "2020-01-20T17:42:40.0000000Z ##[group]Run mvn -B test\n"
        + "2020-01-20T17:44:38.0000000Z [ERROR] Tests run: 3, Failures: 1\n"
        + "2020-01-20T17:44:39.0000000Z ##[error]Process completed with exit code 1.\n";
    stub(get(urlPathEqualTo(signed.substring(0, signed.indexOf('?')))), aResponse().withStatus(200).withBody(log));

    assertThat(repo.jobLog(399444496)).isEqualTo(log);

    List<com.github.tomakehurst.wiremock.verification.LoggedRequest> signedRequests =
        github.findAll(getRequestedFor(urlPathEqualTo(signed.substring(0, signed.indexOf('?')))));
    assertThat(signedRequests).hasSize(1);
    assertThat(signedRequests.get(0).containsHeader("Authorization")).isFalse();
    assertThat(signedRequests.get(0).queryParameter("urlSigningMethod").firstValue()).isEqualTo("HMACV1");
  }

  @Test
  void aHugeLogKeepsItsEnd() {
    stub(get(urlPathEqualTo(API + "/actions/jobs/1/logs")), aResponse().withStatus(302)
        .withHeader("Location", github.baseUrl() + "/_apis/log"));
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      big.append("line ").append(i).append('\n');
    }
    stub(get(urlPathEqualTo("/_apis/log")), aResponse().withStatus(200).withBody(big.toString()));
    GitHubHttp http = new GitHubHttp(github.baseUrl(), () -> "token x", waits(java.time.Duration.ZERO),
        HubClients.httpClient());
    String tail = http.download(API + "/actions/jobs/1/logs", 1000, "download");
    assertThat(tail).startsWith("[ACS: the first ").endsWith("line 4999\n");
    assertThat(tail.length()).isLessThan(1100);
  }

  @Test
  void rerunsFailedJobs() {
    stub(post(urlPathEqualTo(API + "/actions/runs/29679449/rerun-failed-jobs")), fixture(201, GitHubFixtures.RERUN));
    repo.rerunFailedJobs(29679449);
    github.verify(postRequestedFor(urlPathEqualTo(API + "/actions/runs/29679449/rerun-failed-jobs")));
  }

  @Test
  void readsTheCommentsOfAReview() {
    stub(get(urlPathEqualTo(API + "/pulls/1347/reviews/42/comments")), fixture(200, GitHubFixtures.REVIEW_COMMENTS));
    List<ReviewCommentInfo> comments = repo.reviewComments(1347, 42);
    assertThat(comments).containsExactly(new ReviewCommentInfo(10, "MDI0OlB1bGxSZXF1ZXN0UmV2aWV3Q29tbWVudDEw", "octocat",
        "User", "Great stuff!", "file1.txt", null, null, "@@ -16,33 +16,40 @@ public class Connection : IConnection...",
        SHA, 8L));
  }

  @Test
  void repliesInAReviewThread() {
    stub(post(urlPathEqualTo(API + "/pulls/1347/comments/10/replies")), fixture(201, GitHubFixtures.REPLY_CREATED));
    assertThat(repo.replyToReviewComment(1347, 10, "Fixed in 1a2b3c")).isEqualTo(10);
    github.verify(postRequestedFor(urlPathEqualTo(API + "/pulls/1347/comments/10/replies"))
        .withRequestBody(equalToJson("{\"body\": \"Fixed in 1a2b3c\"}")));
  }

  @Test
  void theActionsTokenActsAsGitHubActions() {
    stubActionsTokenUser();
    assertThat(repo.botLogin()).isEqualTo("github-actions[bot]");
    assertThat(repo.pushToken()).isEqualTo(FIXTURE_TOKEN);
  }

  @Test
  void noRequestCarriesTheTokenAnywhereButTheAuthorizationHeader() {
    stub(get(urlPathEqualTo(API + "/issues/1347")), fixture(200, GitHubFixtures.ISSUE));
    repo.issue(1347);
    List<String> leaks = new ArrayList<>();
    github.getAllServeEvents().forEach(e -> {
      if (e.getRequest().getUrl().contains(FIXTURE_TOKEN) || e.getRequest().getBodyAsString().contains(FIXTURE_TOKEN)) {
        leaks.add(e.getRequest().getUrl());
      }
    });
    assertThat(leaks).isEmpty();
  }
}
