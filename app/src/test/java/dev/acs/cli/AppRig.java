package dev.acs.cli;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.config.Env;
import dev.acs.config.Json;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import dev.acs.testing.GitHttpServer;
import dev.acs.testing.GitHubApiStub;
import dev.acs.testing.ModelApiStub;
import dev.acs.testing.SampleRepository;
import dev.acs.testing.TestKeys;
import dev.acs.webhook.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A real {@code acs serve} as a GitHub App, with the real parts around it for the end-to-end
 * tests: a JGit HTTP server holding the webhook fixtures' repository ({@code
 * Codertocat/Hello-World}, on {@code master}); the stateful WireMock GitHub ({@link GitHubApiStub})
 * with the App, its installation, and the fixture's issue #1 as GitHub would answer it; a model
 * provider ({@link ModelApiStub}). A test scripts the model, then {@link #start}s the App and
 * delivers signed payloads to it.
 */
final class AppRig implements AutoCloseable {
  static final String SECRET = "e2e-webhook-secret";
  static final long APP_ID = 4242;
  static final long INSTALLATION = 777;
  static final KeyPair APP_KEY = TestKeys.rsa();

  /** The fixture's repository, issue and sender. */
  static final String REPO = "Codertocat/Hello-World";
  static final String BRANCH = "acs/1-spelling-error-in-the-readme-file";
  static final String README = "# Hello-World\n\nRemember to committ your work before you push.\n";
  static final String HELLO = "src/main/java/hello/Hello.java";

  final Path tmp;
  final GitHttpServer git;
  final GitHubApiStub github;
  final GitHubApiStub.Repo repo;
  final ModelApiStub model;
  AcsApp app;
  /** The settings {@link #start} gave the App. */
  Env env;

  /** The fixture's issue #1 carries {@code issueLabel} on GitHub. */
  AppRig(Path tmp, String issueLabel) throws Exception {
    this.tmp = tmp;
    git = GitHttpServer.start(tmp.resolve("git"), GitHubApiStub.INSTALLATION_TOKEN);
    SampleRepository.seed(git, REPO, GitHubApiStub.INSTALLATION_TOKEN, tmp, Map.of(
        "README.md", README,
        HELLO, "package hello;\n\npublic class Hello {\n  public String greet() {\n    return \"Hello\";\n  }\n}\n"),
        "master");
    var issue = labeledPayload(issueLabel).get("issue");
    github = GitHubApiStub.start().app(APP_ID, APP_KEY.getPublic()).installation(INSTALLATION, "Codertocat");
    repo = github.repository(REPO, "master")
        .permission("Codertocat", "admin")
        .issue(1, issue.get("title").asText(), issue.get("body").asText(), "Codertocat", issueLabel)
        .branchHeads(this::tip);
    model = ModelApiStub.start();
  }

  /** issues/labeled.json as GitHub sends it to an App: with the installation; the label as given. */
  static ObjectNode labeledPayload(String label) throws IOException {
    ObjectNode payload = (ObjectNode) Json.MAPPER.readTree(Fixtures.bytes("issues/labeled.json"));
    payload.putObject("installation").put("id", INSTALLATION).put("node_id", "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNzc3");
    ((ObjectNode) payload.get("label")).put("name", label);
    return payload;
  }

  /** The model as OpenAI's API on {@link #model}. */
  Map<String, String> openAi() {
    return Map.of("ACS_MODEL", "openai:gpt-4.1", "OPENAI_BASE_URL", model.openAiBaseUrl(), "OPENAI_API_KEY", ModelApiStub.OPENAI_KEY);
  }

  /** Starts {@code acs serve} (port 0, its own H2) against these parts, with the model settings given. */
  AcsApp start(Map<String, String> modelVars) {
    return start(modelVars, Optional.empty());
  }

  /** As {@link #start(Map)}, with the task pages for these visitors. */
  AcsApp start(Map<String, String> modelVars, Optional<dev.acs.web.Visitors> visitors) {
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
    env = new Env(m);
    app = AcsApp.start(env, handlers -> {}, visitors);
    return app;
  }

  /** POSTs the body, signed, as GitHub delivers an event; returns the HTTP status. */
  int deliver(String event, byte[] body) throws Exception {
    return deliver(event, UUID.randomUUID().toString(), body);
  }

  int deliver(String event, String deliveryId, byte[] body) throws Exception {
    return HttpClient.newHttpClient().send(Fixtures.signedDelivery(app.port(), SECRET, event, deliveryId, body),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  TaskStore tasks() {
    return new TaskStore(app.database().dataSource());
  }

  /** Waits until the task for issue #1 has opened its pull request or ended; returns it. */
  Task awaitIssueTask() {
    TaskStore tasks = tasks();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .until(() -> tasks.findByIssue(REPO, 1).map(t -> t.state() == TaskState.PR_OPEN || t.state().ended()).orElse(false));
    return tasks.findByIssue(REPO, 1).orElseThrow();
  }

  /** The branch's tip on the git server. */
  Optional<String> tip(String branch) {
    try (Git bare = Git.open(git.bareDir(REPO).toFile())) {
      ObjectId id = bare.getRepository().resolve("refs/heads/" + branch);
      return Optional.ofNullable(id).map(ObjectId::getName);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RevCommit commit(String sha) throws IOException {
    try (Git bare = Git.open(git.bareDir(REPO).toFile()); RevWalk walk = new RevWalk(bare.getRepository())) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(sha));
      walk.parseBody(c);
      return c;
    }
  }

  String fileAt(String sha, String path) throws IOException {
    try (Git bare = Git.open(git.bareDir(REPO).toFile()); RevWalk walk = new RevWalk(bare.getRepository())) {
      Repository r = bare.getRepository();
      try (TreeWalk tw = TreeWalk.forPath(r, path, walk.parseCommit(ObjectId.fromString(sha)).getTree())) {
        return new String(r.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  @Override
  public void close() throws Exception {
    if (app != null) {
      app.close();
    }
    model.close();
    github.close();
    git.close();
  }
}
