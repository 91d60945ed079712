package dev.acs.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.acs.cli.FixtureGitHub.ISSUE;
import static dev.acs.cli.FixtureGitHub.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.acs.config.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code acs receive}: a real payload, GitHub as WireMock, a JGit HTTP remote, a scripted model. */
class ReceiveCommandTest {
  @RegisterExtension
  static WireMockExtension github = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).failOnUnmatchedRequests(true).build();

  static final String TOKEN = "ghp_personalAccessToken0000000000000000";

  @TempDir Path tmp;
  OneShotRig rig;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() throws Exception {
    rig = new OneShotRig(tmp, TOKEN, github);
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  int receive(Map<String, String> vars, String... args) {
    CommandLine cli = new CommandLine(new ReceiveCommand(new dev.acs.config.Env(vars), new PrintStream(out, true, StandardCharsets.UTF_8)));
    cli.setExecutionExceptionHandler(new ClearErrors());
    cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    return cli.execute(args);
  }

  Map<String, String> env() {
    Map<String, String> env = rig.env();
    env.put("ACS_GIT_URL", rig.gitUrl());
    env.put("ACS_WORK_DIR", tmp.resolve("work").toString());
    env.put("ACS_TRANSCRIPT_DIR", tmp.resolve("transcripts").toString());
    env.put("ACS_DATABASE_URL", "jdbc:h2:mem:receive-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    return env;
  }

  Path labeledPayload(String label) throws Exception {
    var payload = FixtureGitHub.onFixtureRepository(FixtureGitHub.webhook("issues/labeled.json"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) payload.get("label")).put("name", label);
    Path file = tmp.resolve("labeled.json");
    Files.write(file, Json.MAPPER.writeValueAsBytes(payload));
    return file;
  }

  @Test
  void anUnreachableGitHubIsNamedWithWhatToCheckAndNoStackTrace() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort(); // free now: nothing listens there
    }
    Map<String, String> env = env();
    env.put("GITHUB_API_URL", "http://127.0.0.1:" + closed);

    int exit = new CommandLine(new ReceiveCommand(new dev.acs.config.Env(env), new PrintStream(out, true, StandardCharsets.UTF_8)))
        .setExecutionExceptionHandler(new ClearErrors(new dev.acs.config.Env(Map.of())))
        .setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8))
        .execute("--event", "issues", "--payload", labeledPayload("autocode").toString(), "--dry-run");

    String printed = err.toString(StandardCharsets.UTF_8);
    assertThat(exit).isEqualTo(1);
    assertThat(printed).contains("could not reach GitHub at http://127.0.0.1:" + closed + " (connection refused")
        .contains("check that this machine reaches GitHub").contains("GITHUB_API_URL")
        .doesNotContain("'null'").doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void withDebugLogsTheStackTraceIsShown() {
    java.io.StringWriter trace = new java.io.StringWriter();
    CommandLine cli = new CommandLine(new ReceiveCommand());
    cli.setErr(new java.io.PrintWriter(trace, true));
    int exit = new ClearErrors(new dev.acs.config.Env(Map.of("ACS_LOG_LEVEL", "debug")))
        .handleExecutionException(new dev.acs.github.GitHubException(401, "read issue #1: GitHub answered 401: Bad credentials", null), cli, null);

    assertThat(exit).isEqualTo(1);
    assertThat(trace.toString()).contains("check the credentials").contains("\tat ");
  }

  @Test
  void aDryRunPrintsTheWritesReadsGitHubAndPushesNothing() throws Exception {
    int exit = receive(env(), "--event", "issues", "--payload", labeledPayload("autocode").toString(), "--dry-run");

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(printed)
        .contains("DRY-RUN POST /repos/" + REPO + "/issues/" + ISSUE + "/comments")
        .contains("DRY-RUN PUSH git push to " + REPO + " withheld")
        .contains("DRY-RUN POST /repos/" + REPO + "/check-runs")
        .contains("DRY-RUN POST /repos/" + REPO + "/pulls")
        .contains("handled issues.labeled")
        .contains(": PR_OPEN");
    // Reads went to GitHub; not one write did.
    // Only reads: GETs, and the GraphQL query that asks who the token is.
    assertThat(github.findAll(anyRequestedFor(anyUrl()))).allSatisfy(r -> assertThat(r.getMethod().getName().equals("GET")
        || r.getUrl().equals("/graphql") && r.getBodyAsString().contains("viewer")).as("%s %s", r.getMethod(), r.getUrl()).isTrue());
    try (Git remote = Git.open(rig.git.bareDir(REPO).toFile())) {
      assertThat(remote.branchList().call()).extracting(r -> r.getName()).containsExactly("refs/heads/main");
    }
  }

  @Test
  void asTheAppItActsThroughThePayloadsInstallation() throws Exception {
    // The installation token GitHub mints is the one the git server accepts.
    var token = FixtureGitHub.object("POST-app__installations__{installation_id}__access_tokens-201.json");
    token.put("token", TOKEN).put("expires_at", java.time.Instant.now().plusSeconds(3600).toString());
    github.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/app"))
        .willReturn(FixtureGitHub.json(200, FixtureGitHub.body("GET-app-200.json"))));
    github.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/app/installations/77"))
        .willReturn(FixtureGitHub.json(200, FixtureGitHub.object("GET-repos__{owner}__{repo}__installation-200.json").put("id", 77))));
    github.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/app/installations/77/access_tokens"))
        .willReturn(FixtureGitHub.json(201, token)));
    var payload = FixtureGitHub.onFixtureRepository(FixtureGitHub.webhook("issues/labeled.json"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) payload.get("label")).put("name", "autocode");
    payload.putObject("installation").put("id", 77);
    Path file = tmp.resolve("app-labeled.json");
    Files.write(file, Json.MAPPER.writeValueAsBytes(payload));
    java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    Map<String, String> env = env();
    env.remove("GITHUB_TOKEN");
    env.put("GITHUB_APP_ID", "1");
    env.put("GITHUB_APP_PRIVATE_KEY", pem);

    int exit = receive(env, "--event", "issues", "--payload", file.toString(), "--dry-run");

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("DRY-RUN POST /repos/" + REPO + "/pulls").contains(": PR_OPEN");
    github.verify(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/app/installations/77/access_tokens")));
  }

  @Test
  void aLabelTheRepositoryDoesNotUseIsHandledByDoingNothing() throws Exception {
    int exit = receive(env(), "--event", "issues", "--payload", labeledPayload("bug").toString(), "--dry-run");

    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("DRY-RUN").contains("handled issues.labeled");
  }

  @Test
  void otherEventsAreIgnored() throws Exception {
    Path push = FixtureGitHub.sharedDir().resolve("fixtures/webhooks/push/default.json");
    assertThat(receive(env(), "--event", "push", "--payload", push.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("ignored: ACS has no handler for 'push' events");
  }

  @Test
  void aPayloadThatIsNotTheEventIsAClearError() throws Exception {
    Path file = tmp.resolve("bad.json");
    Files.writeString(file, "[1, 2]");
    assertThat(receive(env(), "--event", "issues", "--payload", file.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a usable issues payload");
  }

  @Test
  void withoutCredentialsItSaysWhichToSet() throws Exception {
    Map<String, String> env = env();
    env.remove("GITHUB_TOKEN");
    assertThat(receive(env, "--event", "issues", "--payload", labeledPayload("autocode").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("GITHUB_APP_ID").contains("GITHUB_TOKEN");
  }
}
