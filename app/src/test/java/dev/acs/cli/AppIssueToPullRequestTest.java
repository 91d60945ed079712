package dev.acs.cli;

import static dev.acs.testing.ModelApiStub.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.config.Env;
import dev.acs.config.Json;
import dev.acs.github.RepoConfigFile;
import dev.acs.task.DeliveryStore;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import dev.acs.testing.GitHttpServer;
import dev.acs.testing.GitHubApiStub;
import dev.acs.testing.ModelApiStub;
import dev.acs.testing.SampleRepository;
import dev.acs.testing.TestKeys;
import dev.acs.webhook.Fixtures;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 in App mode, end to end with real parts: GitHub's real {@code issues.labeled} payload
 * (with the installation an App delivery carries) is signed and POSTed to a real {@code acs serve}
 * (Javalin, H2, JobRunr jobs); ACS acts as the App against a stateful WireMock GitHub
 * ({@link GitHubApiStub}: JWT, installation token, documented bodies), clones from and pushes to a
 * JGit HTTP server, and talks to a model provider through LangChain4j's real client against
 * WireMock speaking OpenAI's or Anthropic's wire format ({@link ModelApiStub}).
 */
class AppIssueToPullRequestTest {
  static final String SECRET = "e2e-webhook-secret";
  static final long APP_ID = 4242;
  static final long INSTALLATION = 777;
  static final KeyPair APP_KEY = TestKeys.rsa();

  /** The fixture's repository, issue and sender. */
  static final String REPO = "Codertocat/Hello-World";
  static final String BRANCH = "acs/1-spelling-error-in-the-readme-file";
  static final String README = "# Hello-World\n\nRemember to committ your work before you push.\n";

  @TempDir Path tmp;
  GitHttpServer git;
  GitHubApiStub github;
  GitHubApiStub.Repo repo;
  ModelApiStub model;
  AcsApp app;

  @BeforeEach
  void setUp() throws Exception {
    git = GitHttpServer.start(tmp.resolve("git"), GitHubApiStub.INSTALLATION_TOKEN);
    SampleRepository.seed(git, REPO, GitHubApiStub.INSTALLATION_TOKEN, tmp, Map.of(
        "README.md", README,
        "src/main/java/hello/Hello.java", "package hello;\n\npublic class Hello {\n  public String greet() {\n    return \"Hello\";\n  }\n}\n"),
        "master");
    JsonNode payload = payload("bug");
    JsonNode issue = payload.get("issue");
    github = GitHubApiStub.start().app(APP_ID, APP_KEY.getPublic()).installation(INSTALLATION, "Codertocat");
    repo = github.repository(REPO, "master")
        .permission("Codertocat", "admin")
        .issue(1, issue.get("title").asText(), issue.get("body").asText(), "Codertocat", "bug")
        .branchHeads(this::tip);
    model = ModelApiStub.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (app != null) {
      app.close();
    }
    model.close();
    github.close();
    git.close();
  }

  /** issues/labeled.json as GitHub sends it to an App: with the installation; the label as given. */
  static ObjectNode payload(String label) throws Exception {
    ObjectNode payload = (ObjectNode) Json.MAPPER.readTree(Fixtures.bytes("issues/labeled.json"));
    payload.putObject("installation").put("id", INSTALLATION).put("node_id", "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNzc3");
    ((ObjectNode) payload.get("label")).put("name", label);
    return payload;
  }

  static final List<ModelApiStub.Turn> FIX_THE_TYPO = List.of(
      call("submit_plan", """
          {"summary": "Fix the misspelled 'commit' in the README", "steps": ["Correct 'committ' to 'commit' in README.md"],
           "files": ["README.md"], "risks": ["None: documentation only"], "verification": "Read README.md again"}"""),
      call("read_file", "{\"path\": \"README.md\"}"),
      call("edit_file", "{\"path\": \"README.md\", \"search\": \"committ your work\", \"replace\": \"commit your work\"}"),
      call("finish", "{\"summary\": \"README.md now spells commit correctly.\"}"));

  Env env(Map<String, String> modelVars) {
    Map<String, String> m = new HashMap<>(Map.of(
        "ACS_WEBHOOK_SECRET", SECRET,
        "ACS_PORT", "0",
        "ACS_DATABASE_URL", "jdbc:h2:mem:e2e" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1",
        "GITHUB_APP_ID", String.valueOf(APP_ID),
        "GITHUB_APP_PRIVATE_KEY", TestKeys.pkcs1(APP_KEY),
        "GITHUB_API_URL", github.baseUrl(),
        "ACS_GIT_URL", "http://127.0.0.1:" + git.port(),
        "ACS_WORK_DIR", tmp.resolve("work").toString(),
        "ACS_TRANSCRIPT_DIR", tmp.resolve("transcripts").toString(),
        "ACS_MODEL_RETRIES", "0"));
    m.putAll(modelVars);
    return new Env(m);
  }

  HttpResponse<String> deliver(JsonNode payload) throws Exception {
    byte[] body = Json.MAPPER.writeValueAsBytes(payload);
    return HttpClient.newHttpClient().send(
        Fixtures.signedDelivery(app.port(), SECRET, "issues", UUID.randomUUID().toString(), body),
        HttpResponse.BodyHandlers.ofString());
  }

  Task awaitEnded() {
    TaskStore tasks = new TaskStore(app.database().dataSource());
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .until(() -> tasks.findByIssue(REPO, 1).map(t -> t.state().ended() || t.state() == TaskState.PR_OPEN).orElse(false));
    return tasks.findByIssue(REPO, 1).orElseThrow();
  }

  @Test
  void openAiLabeledIssueBecomesADraftPullRequest() throws Exception {
    repo.file(RepoConfigFile.PATH, "label: bug\n"); // the repository asks for work with the fixture's own label
    model.openAi(FIX_THE_TYPO);
    app = AcsApp.start(env(Map.of(
        "ACS_MODEL", "openai:gpt-4.1", "OPENAI_BASE_URL", model.openAiBaseUrl(), "OPENAI_API_KEY", ModelApiStub.OPENAI_KEY)));

    assertThat(deliver(payload("bug")).statusCode()).isEqualTo(202);
    Task task = awaitEnded();

    assertPullRequestOpened(task);
    List<JsonNode> calls = model.requests(ModelApiStub.OPENAI_PATH);
    assertThat(calls).hasSize(4);
    assertThat(calls.get(0).path("messages").toString()).contains("Spelling error in the README file");
    assertThat(calls.get(0).path("tools").toString()).contains("submit_plan");
    assertThat(calls.get(3).path("messages").toString()).contains("call_acs2").contains("README.md");
    assertThat(model.loggedRequests(ModelApiStub.OPENAI_PATH))
        .allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + ModelApiStub.OPENAI_KEY));
  }

  @Test
  void anthropicLabeledIssueBecomesADraftPullRequest() throws Exception {
    model.anthropic(FIX_THE_TYPO); // no .github/acs.yml (404): the default label autocode
    app = AcsApp.start(env(Map.of(
        "ACS_MODEL", "anthropic:claude-sonnet-4-5", "ANTHROPIC_BASE_URL", model.anthropicBaseUrl(),
        "ANTHROPIC_API_KEY", ModelApiStub.ANTHROPIC_KEY)));

    assertThat(deliver(payload("autocode")).statusCode()).isEqualTo(202);
    Task task = awaitEnded();

    assertPullRequestOpened(task);
    List<JsonNode> calls = model.requests(ModelApiStub.ANTHROPIC_PATH);
    assertThat(calls).hasSize(4);
    assertThat(calls.get(3).path("messages").toString()).contains("tool_result").contains("toolu_acs2");
    assertThat(model.loggedRequests(ModelApiStub.ANTHROPIC_PATH))
        .allSatisfy(r -> assertThat(r.getHeader("x-api-key")).isEqualTo(ModelApiStub.ANTHROPIC_KEY));
  }

  @Test
  void aBrokenSettingsFileIsSaidOnTheIssueAndTheDeliveryIsNotRetried() throws Exception {
    repo.file(RepoConfigFile.PATH, "label: [autocode\n");
    app = AcsApp.start(env(Map.of("ACS_MODEL", "openai:gpt-4.1", "OPENAI_BASE_URL", model.openAiBaseUrl(), "OPENAI_API_KEY",
        ModelApiStub.OPENAI_KEY)));
    String delivery = UUID.randomUUID().toString();
    byte[] body = Json.MAPPER.writeValueAsBytes(payload("autocode"));
    assertThat(HttpClient.newHttpClient().send(Fixtures.signedDelivery(app.port(), SECRET, "issues", delivery, body),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);

    DeliveryStore deliveries = new DeliveryStore(app.database());
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> deliveries.find(delivery).map(d -> d.status() == DeliveryStore.Status.DONE).orElse(false));
    assertThat(repo.comments(1)).singleElement().satisfies(c -> assertThat(c.body())
        .contains("<!-- acs:config -->").contains("`.github/acs.yml` on `master` cannot be used: it is not valid YAML"));
    assertThat(new TaskStore(app.database().dataSource()).all()).isEmpty();
    assertThat(model.requests(ModelApiStub.OPENAI_PATH)).isEmpty();
  }

  void assertPullRequestOpened(Task task) throws Exception {
    assertThat(task.state()).as("task ended %s: %s", task.state(), task.lastFailure()).isEqualTo(TaskState.PR_OPEN);
    assertThat(task.branch()).isEqualTo(BRANCH);

    // The branch on the git server holds the fix, committed by ACS with its trailer.
    String head = tip(BRANCH).orElseThrow();
    assertThat(task.headSha()).isEqualTo(head);
    assertThat(fileAt(head, "README.md")).isEqualTo(README.replace("committ", "commit"));
    assertThat(fileAt(head, "src/main/java/hello/Hello.java")).contains("return \"Hello\";");
    RevCommit commit = commit(head);
    assertThat(commit.getFullMessage()).startsWith("ACS: Spelling error in the README file (#1)").contains("Acs-Task: " + task.id());
    assertThat(tip("master")).isEqualTo(Optional.of(commit.getParent(0).getName())); // the base was not touched

    // One plan comment, posted once and edited as the work went on; one comment linking the PR.
    List<GitHubApiStub.Comment> comments = repo.comments(1);
    assertThat(comments).extracting(GitHubApiStub.Comment::author).containsOnly(github.botLogin());
    List<GitHubApiStub.Comment> plans = comments.stream().filter(c -> c.body().contains("<!-- acs:plan -->")).toList();
    assertThat(plans).singleElement().satisfies(plan -> {
      assertThat(plan.edits()).isGreaterThanOrEqualTo(1);
      assertThat(plan.body()).contains("### ACS plan").contains("- [x] Correct 'committ' to 'commit' in README.md")
          .contains("Implemented in #2");
    });
    assertThat(comments).noneSatisfy(c -> assertThat(c.body()).contains("<!-- acs:error -->"));
    assertThat(comments).anySatisfy(c -> assertThat(c.body()).contains("<!-- acs:pr -->").contains("draft pull request: #2"));

    // The draft pull request.
    GitHubApiStub.PullRequest pr = repo.pullRequests().stream().filter(p -> p.head().equals(BRANCH)).findFirst().orElseThrow();
    assertThat(pr.number()).isEqualTo(2);
    assertThat(task.prNumber()).isEqualTo(2);
    assertThat(pr.draft()).isTrue();
    assertThat(pr.base()).isEqualTo("master");
    assertThat(pr.title()).isEqualTo("Spelling error in the README file");
    assertThat(pr.body())
        .contains("> README.md now spells commit correctly.")
        .contains("## Plan").contains("- [x] Correct 'committ' to 'commit' in README.md")
        .contains("## Validation").contains("PMD: no Java files changed")
        .contains("## Policy").contains("✅ allowed (guardrails)\n").doesNotContain("guardrails+guardrails")
        .contains("## Cost").contains("4 model calls")
        .contains("Closes #1")
        .contains("ACS task `" + task.id() + "`");
    assertThat(repo.pullRequests()).hasSize(1);

    // The ACS check run on the pushed commit: in progress, then completed.
    assertThat(repo.checkRuns()).singleElement().satisfies(run -> {
      assertThat(run.id()).isEqualTo(task.checkRunId());
      assertThat(run.name()).isEqualTo("ACS");
      assertThat(run.headSha()).isEqualTo(head);
      assertThat(run.statuses()).containsExactly("in_progress", "completed");
      assertThat(run.conclusion()).isEqualTo("success");
      assertThat(run.title()).isEqualTo("Draft pull request #2 opened");
      assertThat(run.summary()).contains("**Policy:** ✅ allowed").contains("**Cost:**");
    });
    assertThat(task.tokens()).isPositive();
  }

  Optional<String> tip(String branch) {
    try (Git bare = Git.open(git.bareDir(REPO).toFile())) {
      ObjectId id = bare.getRepository().resolve("refs/heads/" + branch);
      return Optional.ofNullable(id).map(ObjectId::getName);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  RevCommit commit(String sha) throws Exception {
    try (Git bare = Git.open(git.bareDir(REPO).toFile()); RevWalk walk = new RevWalk(bare.getRepository())) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(sha));
      walk.parseBody(c);
      return c;
    }
  }

  String fileAt(String sha, String path) throws Exception {
    try (Git bare = Git.open(git.bareDir(REPO).toFile()); RevWalk walk = new RevWalk(bare.getRepository())) {
      Repository r = bare.getRepository();
      try (TreeWalk tw = TreeWalk.forPath(r, path, walk.parseCommit(ObjectId.fromString(sha)).getTree())) {
        return new String(r.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }
}
