package dev.acs.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.github.GitHubApps;
import dev.acs.github.GitHubException;
import dev.acs.github.RateLimitWaits;
import dev.acs.github.RepoConfigFile;
import dev.acs.github.RepoGitHub;
import dev.acs.github.RepoGitHub.CheckRunUpdate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stateful GitHub stand-in, driven by ACS's real GitHub client acting as an App installation. */
class GitHubApiStubTest {
  static final KeyPair APP_KEY = TestKeys.rsa();
  static final String REPO = "octo/greeter";
  static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  GitHubApiStub gh;
  GitHubApiStub.Repo repo;
  RepoGitHub github;

  @BeforeEach
  void setUp() {
    gh = GitHubApiStub.start().app(42, APP_KEY.getPublic()).installation(7, "octo");
    repo = gh.repository(REPO, "main").permission("alice", "write").issue(12, "Greet politely", "Add a comma", "alice", "autocode");
    GitHubApps apps = new GitHubApps(42, (RSAPrivateKey) APP_KEY.getPrivate(), gh.baseUrl(), Clock.systemUTC(),
        RateLimitWaits.standard());
    github = apps.forInstallation(7, REPO);
  }

  @AfterEach
  void tearDown() {
    gh.close();
  }

  @Test
  void anInstallationReadsItsRepositoryWithAMintedToken() {
    RepoGitHub.RepoInfo info = github.repository();
    assertThat(info.fullName()).isEqualTo(REPO);
    assertThat(info.defaultBranch()).isEqualTo("main");
    assertThat(github.permissionOf("alice")).isEqualTo("write");
    assertThat(github.permissionOf("stranger")).isEqualTo("none");
    assertThat(github.botLogin()).isEqualTo(gh.botLogin()).isEqualTo("octoapp[bot]");
    assertThat(gh.tokensMinted()).isEqualTo(1);
    assertThat(github.pushToken()).isEqualTo(GitHubApiStub.INSTALLATION_TOKEN);
    RepoGitHub.IssueInfo issue = github.issue(12);
    assertThat(issue.title()).isEqualTo("Greet politely");
    assertThat(issue.labels()).containsExactly("autocode");
    assertThat(issue.pullRequest()).isFalse();
  }

  @Test
  void theRepositorySettingsFileIsReadFromTheDefaultBranchOrIsAbsent() {
    assertThat(RepoConfigFile.load(github).config().label()).isEqualTo("autocode");
    repo.file(RepoConfigFile.PATH, "label: bug\nbudget: {max_usd: 0.50}\n");
    assertThat(RepoConfigFile.load(github).config().label()).isEqualTo("bug");
    assertThat(github.readFile(RepoConfigFile.PATH, "feature")).isEmpty();
  }

  @Test
  void anUpsertedCommentIsPostedOnceThenEdited() {
    long first = github.upsertComment(12, "plan", "first plan");
    long second = github.upsertComment(12, "plan", "second plan");
    long other = github.upsertComment(12, "pr", "opened #13");

    assertThat(second).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(repo.comments(12)).hasSize(2);
    GitHubApiStub.Comment plan = repo.comments(12).get(0);
    assertThat(plan.body()).contains("second plan").contains("acs:plan");
    assertThat(plan.edits()).isEqualTo(1);
    assertThat(plan.author()).isEqualTo("octoapp[bot]");
    github.reactToIssueComment(plan.id(), "rocket");
    assertThat(repo.reactions()).containsExactly(new GitHubApiStub.Reaction("issue_comment", plan.id(), "rocket"));
  }

  @Test
  void aDraftPullRequestIsFoundByItsBranchAndMarkedReady() {
    repo.branchHeads(b -> b.equals("acs/12-greet") ? Optional.of(SHA) : Optional.empty());
    assertThat(github.openPullRequestForBranch("acs/12-greet")).isEmpty();

    RepoGitHub.PullRequestInfo pr = github.openDraftPullRequest("Greet politely", "acs/12-greet", "main", "Closes #12");

    assertThat(pr.number()).isEqualTo(13);
    assertThat(pr.draft()).isTrue();
    assertThat(pr.headSha()).isEqualTo(SHA);
    assertThat(github.openPullRequestForBranch("acs/12-greet")).get().extracting(RepoGitHub.PullRequestInfo::number).isEqualTo(13);
    assertThatThrownBy(() -> github.openDraftPullRequest("again", "acs/12-greet", "main", "x"))
        .isInstanceOfSatisfying(GitHubException.class, e -> assertThat(e.status()).isEqualTo(422));
    github.markReadyForReview(13);
    assertThat(repo.pullRequests()).singleElement().satisfies(p -> {
      assertThat(p.draft()).isFalse();
      assertThat(p.body()).isEqualTo("Closes #12");
    });
  }

  @Test
  void aCheckRunKeepsItsStatusHistory() {
    long id = github.createCheckRun("ACS", SHA, CheckRunUpdate.inProgress("Working", "one moment"));
    github.updateCheckRun(id, CheckRunUpdate.completed("success", "Done", "all good", null,
        List.of(new RepoGitHub.AnnotationInfo("src/A.java", 3, 3, "warning", "unused", "PMD"))));

    GitHubApiStub.CheckRun run = repo.checkRun(id).orElseThrow();
    assertThat(run.statuses()).containsExactly("in_progress", "completed");
    assertThat(run.conclusion()).isEqualTo("success");
    assertThat(run.summary()).isEqualTo("all good");
    assertThat(run.annotations()).singleElement().satisfies(a -> assertThat(a.path("path").asText()).isEqualTo("src/A.java"));
    assertThat(github.checkRunsForRef(SHA)).singleElement().satisfies(r -> {
      assertThat(r.appSlug()).isEqualTo("octoapp");
      assertThat(r.conclusion()).isEqualTo("success");
    });
  }

  @Test
  void withoutTheMintedTokenTheRepositoryIsOutOfReach() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(gh.baseUrl() + "/repos/" + REPO)).header("Authorization", "token ghs_guess").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("Bad credentials");
  }

  @Test
  void aRequestNoRouteServesFailsTheTest() throws Exception {
    HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(gh.baseUrl() + "/repos/" + REPO + "/hooks")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThatThrownBy(gh::verifyAllHandled).isInstanceOf(AssertionError.class).hasMessageContaining("unmatched: GET /repos/octo/greeter/hooks");
    gh.wireMock().resetRequests(); // so that tearDown passes
  }
}
