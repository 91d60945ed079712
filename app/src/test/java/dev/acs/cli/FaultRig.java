package dev.acs.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.acs.testing.ModelApiStub.call;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.acs.config.Json;
import dev.acs.task.Database;
import dev.acs.task.Task;
import dev.acs.task.TaskStore;
import dev.acs.task.TestDatabases;
import dev.acs.testing.ConversationModelStub;
import dev.acs.testing.GitHttpServer;
import dev.acs.testing.GitHubApiStub;
import dev.acs.testing.GitHubFixtures;
import dev.acs.testing.ModelApiStub;
import dev.acs.testing.SampleRepository;
import dev.acs.testing.TestKeys;
import dev.acs.testing.WebhookPayloads;
import dev.acs.webhook.Fixtures;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The fault-injection rig: a real {@code acs serve} process ({@link ServeProcess}) as a GitHub App
 * on an H2 file or a PostgreSQL database that outlive it, with the same work directory across its
 * restarts; the stateful WireMock GitHub ({@link GitHubApiStub}), the JGit HTTP server with the
 * fixtures' repository, and a model that answers from the conversation ({@link
 * ConversationModelStub}), all in the test JVM, so they keep counting across kills. Everything a
 * scenario injects is done from outside the process: answers held back, pushes held, errors
 * answered, the database stopped.
 */
final class FaultRig implements AutoCloseable {
  static final String REPO = AppRig.REPO;
  static final String BRANCH = AppRig.BRANCH;
  static final String HELLO = AppRig.HELLO;
  static final long JOB = 555_001L;
  static final long RUN = 9_001L;
  /** A test name of the real failing build log: only the repair conversation contains it. */
  static final String REPAIR_MARK = "looksLikeValidNumberTrue";

  final Path tmp;
  final TestDatabases.Kind kind;
  final GitHttpServer git;
  final GitHubApiStub github;
  final GitHubApiStub.Repo repo;
  final ConversationModelStub model;
  private final String databaseUrl;
  private final EmbeddedPostgres ownPostgres;
  private final Path pgData;
  private final int pgPort;
  private EmbeddedPostgres postgres;
  private int starts;
  ServeProcess serve;

  /** {@code ownPostgres}: a PostgreSQL server of this rig's own (which it can stop), not the shared one. */
  FaultRig(Path tmp, TestDatabases.Kind kind, boolean ownPostgres) throws Exception {
    this.tmp = tmp;
    this.kind = kind;
    git = GitHttpServer.start(tmp.resolve("git"), GitHubApiStub.INSTALLATION_TOKEN);
    SampleRepository.seed(git, REPO, GitHubApiStub.INSTALLATION_TOKEN, tmp, Map.of(
        "README.md", AppRig.README,
        HELLO, "package hello;\n\npublic class Hello {\n  public String greet() {\n    return \"Hello\";\n  }\n}\n"),
        "master");
    var issue = AppRig.labeledPayload("autocode").get("issue");
    github = GitHubApiStub.start().app(AppRig.APP_ID, AppRig.APP_KEY.getPublic()).installation(AppRig.INSTALLATION, "Codertocat");
    repo = github.repository(REPO, "master").permission("Codertocat", "admin")
        .issue(1, issue.get("title").asText(), issue.get("body").asText(), "Codertocat", "autocode")
        .branchHeads(this::tip);
    model = ConversationModelStub.start()
        .phase("plan", ConversationModelStub.offers("submit_plan"), List.of(call("submit_plan", """
            {"summary": "Fix the README typo", "steps": ["Correct 'committ' to 'commit' in README.md"],
             "files": ["README.md"], "risks": ["None: documentation only"], "verification": "Read README.md again"}""")))
        // README only: a change to a Java file would make every run wait for PMD, which is not what is tested here.
        .phase("repair", b -> b.contains(REPAIR_MARK), List.of(
            call("edit_file", "{\"path\": \"README.md\", \"search\": \"commit your work\", \"replace\": \"commit your work often\"}"),
            call("finish", "{\"summary\": \"Asked for frequent commits, as the failing check wants.\"}")))
        .phase("implement", b -> true, List.of(
            call("edit_file", "{\"path\": \"README.md\", \"search\": \"committ your work\", \"replace\": \"commit your work\"}"),
            call("finish", "{\"summary\": \"Fixed the typo in README.md.\"}")));
    if (kind == TestDatabases.Kind.H2) {
      databaseUrl = "jdbc:h2:file:" + tmp.resolve("db/acs");
      this.ownPostgres = null;
      this.pgData = null;
      this.pgPort = 0;
    } else if (ownPostgres) {
      pgData = tmp.resolve("pg");
      pgPort = ServeProcess.freePort();
      // Not "clean": zonky deletes a clean data directory when the server stops, and the data must outlive the stop.
      postgres = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(pgPort).start();
      this.ownPostgres = postgres;
      databaseUrl = postgres.getJdbcUrl("postgres", "postgres");
    } else {
      databaseUrl = TestDatabases.newPostgresDatabaseUrl();
      this.ownPostgres = null;
      this.pgData = null;
      this.pgPort = 0;
    }
  }

  Map<String, String> env() {
    Map<String, String> m = new HashMap<>(Map.of(
        "ACS_WEBHOOK_SECRET", AppRig.SECRET,
        "ACS_DATABASE_URL", databaseUrl,
        "GITHUB_APP_ID", String.valueOf(AppRig.APP_ID),
        "GITHUB_APP_PRIVATE_KEY", TestKeys.pkcs1(AppRig.APP_KEY),
        "GITHUB_API_URL", github.baseUrl(),
        "ACS_GIT_URL", "http://127.0.0.1:" + git.port(),
        "ACS_WORK_DIR", tmp.resolve("work").toString(),
        "ACS_TRANSCRIPT_DIR", tmp.resolve("transcripts").toString(),
        "ACS_MODEL", "openai:gpt-4.1",
        "OPENAI_BASE_URL", model.openAiBaseUrl()));
    m.put("OPENAI_API_KEY", ModelApiStub.OPENAI_KEY);
    m.put("ACS_JOB_POLL_SECONDS", "5");
    m.put("ACS_DELIVERY_LEASE_SECONDS", "10");
    // A killed node's task is taken over when its lease runs out: short here, so a scenario takes
    // a minute and not five (the default is 300 s).
    m.put("ACS_TASK_LEASE_SECONDS", "20");
    return m;
  }

  /** Starts (or restarts) {@code acs serve}; every start logs to its own file. */
  ServeProcess start() throws IOException {
    serve = ServeProcess.start(env(), tmp.resolve("serve-" + (++starts) + ".log"));
    return serve;
  }

  /** Every log line of every start so far. */
  String logs() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= starts; i++) {
      sb.append(Files.readString(tmp.resolve("serve-" + i + ".log"), StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  int deliver(String event, byte[] body) throws Exception {
    return HttpClient.newHttpClient().send(
        Fixtures.signedDelivery(serve.port(), AppRig.SECRET, event, UUID.randomUUID().toString(), body),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** GitHub's issues.labeled for issue #1 with the label {@code autocode}. */
  int deliverLabeled() throws Exception {
    return deliver("issues", Json.MAPPER.writeValueAsBytes(AppRig.labeledPayload("autocode")));
  }

  /** check_suite.completed on the pull request's head with {@code conclusion}, as GitHub Actions sends it. */
  int deliverSuite(int pr, String head, String conclusion) throws Exception {
    byte[] suite = WebhookPayloads.of("check_suite/completed.json").installation(AppRig.INSTALLATION)
        .set("/check_suite/head_sha", head).set("/check_suite/head_branch", BRANCH).set("/check_suite/conclusion", conclusion)
        .set("/check_suite/app/slug", "github-actions")
        .set("/check_suite/pull_requests/0/number", pr).set("/check_suite/pull_requests/0/head/sha", head)
        .set("/check_suite/pull_requests/0/head/ref", BRANCH).bytes();
    return deliver("check_suite", suite);
  }

  /** What GitHub answers about the Actions job on {@code head}: failing (with annotations and the real log) or green. */
  void ci(String head, boolean green) throws IOException {
    WireMockServer wm = github.wireMock();
    String api = "/repos/" + REPO;
    ObjectNode page = GitHubFixtures.object(GitHubFixtures.CHECK_RUNS_FOR_REF);
    ObjectNode run = (ObjectNode) page.withArray("check_runs").get(0);
    run.put("id", JOB).put("name", "build").put("head_sha", head).put("status", "completed").put("conclusion", green ? "success" : "failure")
        .put("url", github.baseUrl() + api + "/check-runs/" + JOB)
        .put("details_url", "https://github.com/" + REPO + "/actions/runs/" + RUN + "/job/" + JOB);
    ((ObjectNode) run.get("output")).put("title", green ? "Build passed" : "Build failed").put("summary", green ? "all tests pass" : "1 test failed")
        .putNull("text").put("annotations_count", green ? 0 : 1)
        .put("annotations_url", github.baseUrl() + api + "/check-runs/" + JOB + "/annotations");
    ((ObjectNode) run.get("app")).put("slug", "github-actions").put("name", "GitHub Actions");
    ((ArrayNode) page.get("check_runs")).removeAll();
    page.withArray("check_runs").add(run);
    page.put("total_count", 1);
    wm.stubFor(get(urlPathEqualTo(api + "/commits/" + head + "/check-runs")).atPriority(1).willReturn(okJson(page.toString())));
    if (green) {
      return;
    }
    ArrayNode annotations = (ArrayNode) GitHubFixtures.json(GitHubFixtures.ANNOTATIONS).deepCopy();
    ((ObjectNode) annotations.get(0)).put("path", ".github").put("start_line", 1).put("end_line", 1).put("annotation_level", "failure")
        .put("title", "build").put("message", "Process completed with exit code 1.").putNull("raw_details");
    wm.stubFor(get(urlPathEqualTo(api + "/check-runs/" + JOB + "/annotations")).atPriority(1).willReturn(okJson(annotations.toString())));
    wm.stubFor(get(urlPathEqualTo(api + "/actions/jobs/" + JOB + "/logs")).atPriority(1).willReturn(aResponse().withStatus(302)
        .withHeader("Location", github.baseUrl() + "/_apis/pipelines/1/jobs/" + JOB + "/signedlogcontent?urlSigningMethod=HMACV1&urlSignature=stub")));
    wm.stubFor(get(urlPathEqualTo("/_apis/pipelines/1/jobs/" + JOB + "/signedlogcontent")).atPriority(1)
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody(realLog())));
  }

  private static String realLog() throws IOException {
    try (InputStream in = FaultRig.class.getResourceAsStream("/logs/jackson-core-1309-surefire3.actions.log")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  // ---- what happened, counted from outside --------------------------------------------------

  List<GitHubApiStub.Comment> comments(int issue, String marker) {
    return repo.comments(issue).stream().filter(c -> c.body().contains(marker)).toList();
  }

  Optional<GitHubApiStub.PullRequest> pullRequest() {
    return repo.pullRequests().stream().filter(p -> p.head().equals(BRANCH)).findFirst();
  }

  /** ACS check runs by head SHA. */
  Map<String, Integer> acsCheckRunsPerHead() {
    Map<String, Integer> out = new TreeMap<>();
    repo.checkRuns().stream().filter(r -> r.name().equals("ACS")).forEach(r -> out.merge(r.headSha(), 1, Integer::sum));
    return out;
  }

  /** True once the ACS check run on the pull request's head is completed. */
  boolean headCheckCompleted() {
    Optional<GitHubApiStub.PullRequest> pr = pullRequest();
    Optional<String> head = tip(BRANCH);
    return pr.isPresent() && head.isPresent() && repo.checkRuns().stream()
        .anyMatch(r -> r.name().equals("ACS") && r.headSha().equals(head.get()) && "completed".equals(r.status()));
  }

  boolean errorCommented() {
    return repo.comments(1).stream().anyMatch(c -> c.body().contains("<!-- acs:error -->"))
        || pullRequest().map(p -> repo.comments(p.number()).stream().anyMatch(c -> c.body().contains("<!-- acs:error -->"))).orElse(false);
  }

  /**
   * Waits until {@code settled} holds and at least {@code minimum} has passed (what a killed node
   * left behind — its job, its task lease — is only taken over after a while, and may still repeat
   * a side effect then), then a little longer for anything repeated to show; false on timeout.
   */
  boolean awaitSettled(Duration atMost, Duration minimum, BooleanSupplier settled) throws InterruptedException {
    long start = System.nanoTime();
    try {
      await().atMost(atMost).pollInterval(Duration.ofMillis(250))
          .until(() -> System.nanoTime() - start >= minimum.toNanos() && settled.getAsBoolean());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
    Thread.sleep(3000);
    return true;
  }

  int branchCommitsQuietly() {
    try {
      return branchCommits().size();
    } catch (IOException e) {
      return 0;
    }
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

  /** Commits on the branch that master does not have, newest first (their first lines). */
  List<String> branchCommits() throws IOException {
    List<String> out = new ArrayList<>();
    try (Git bare = Git.open(git.bareDir(REPO).toFile()); RevWalk walk = new RevWalk(bare.getRepository())) {
      ObjectId head = bare.getRepository().resolve("refs/heads/" + BRANCH);
      if (head == null) {
        return out;
      }
      walk.markStart(walk.parseCommit(head));
      walk.markUninteresting(walk.parseCommit(bare.getRepository().resolve("refs/heads/master")));
      for (RevCommit c : walk) {
        out.add(c.getShortMessage());
      }
    }
    return out;
  }

  /** The task of issue #1 and the job queue as the database holds them (the process must be stopped for H2). */
  record Stored(Optional<Task> task, Map<String, Integer> jobs) {}

  Stored stored() throws Exception {
    try (Database db = Database.open(databaseUrl, "", "", 2)) {
      Optional<Task> task = new TaskStore(db.dataSource()).findByIssue(REPO, 1);
      Map<String, Integer> jobs = new TreeMap<>();
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT state, COUNT(*) FROM jobrunr_jobs GROUP BY state")) {
        while (rs.next()) {
          jobs.put(rs.getString(1), rs.getInt(2));
        }
      }
      return new Stored(task, jobs);
    }
  }

  /** Stops this rig's own PostgreSQL server (the data stays), for {@code down}, then starts it again on the same port. */
  void postgresDown(Duration down) throws Exception {
    if (ownPostgres == null) {
      throw new IllegalStateException("only a rig with its own PostgreSQL can stop it");
    }
    postgres.close();
    Thread.sleep(down.toMillis());
    postgres = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(pgPort).start();
  }

  /** Keeps the process logs under target/faults/logs/{@code label}/ (the temporary directory goes away). */
  void keepLogs(String label) throws IOException {
    Path dir = Path.of("target", "faults", "logs", label.replaceAll("[^A-Za-z0-9.-]+", "-"));
    Files.createDirectories(dir);
    for (int i = 1; i <= starts; i++) {
      Path log = tmp.resolve("serve-" + i + ".log");
      if (Files.exists(log)) {
        Files.copy(log, dir.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.writeString(dir.resolve("github-requests.txt"), String.join("\n", github.requests()));
  }

  @Override
  public void close() throws Exception {
    try {
      if (serve != null) {
        serve.close();
      }
    } finally {
      model.close();
      github.wireMock().stop();
      git.close();
      if (postgres != null) {
        postgres.close();
      }
    }
  }
}
