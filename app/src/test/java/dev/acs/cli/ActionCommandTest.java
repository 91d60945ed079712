package dev.acs.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.acs.cli.FixtureGitHub.API;
import static dev.acs.cli.FixtureGitHub.ISSUE;
import static dev.acs.cli.FixtureGitHub.REPO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.acs.config.ConfigException;
import dev.acs.config.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acs action} as a workflow step runs it: the runner's variables, a real event payload
 * (from the shared fixtures), GitHub as WireMock with GitHub's example bodies, a JGit HTTP server
 * as the git remote, a scripted model, and the repository's test command run by the agent.
 */
class ActionCommandTest {
  @RegisterExtension
  static WireMockExtension github = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).failOnUnmatchedRequests(true).build();

  static final String TOKEN = "ghs_actionsWorkflowToken000000000000000";
  static final String BRANCH = "acs/" + ISSUE + "-spelling-error-in-the-readme-file";

  @TempDir Path tmp;
  OneShotRig rig;

  @BeforeEach
  void setUp() throws Exception {
    rig = new OneShotRig(tmp, TOKEN, github);
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  Map<String, String> runner(String event, Object payload) throws Exception {
    Path file = tmp.resolve("event.json");
    Files.write(file, payload instanceof byte[] b ? b : Json.MAPPER.writeValueAsBytes(payload));
    Map<String, String> env = rig.env();
    env.put("GITHUB_EVENT_NAME", event);
    env.put("GITHUB_EVENT_PATH", file.toString());
    env.put("GITHUB_REPOSITORY", REPO);
    env.put("GITHUB_SERVER_URL", rig.gitUrl());
    env.put("GITHUB_OUTPUT", tmp.resolve("output").toString());
    env.put("GITHUB_STEP_SUMMARY", tmp.resolve("summary.md").toString());
    env.put("GITHUB_RUN_ID", "42");
    env.put("RUNNER_TEMP", tmp.resolve("runner").toString());
    // The Action's inputs: the fixture's label is "bug"; the test command proves the change.
    env.put(ActionCommand.LABEL_VAR, "bug");
    env.put(ActionCommand.TEST_COMMAND_VAR, "grep -q 'Hello, ' src/main/java/demo/Greeter.java");
    return env;
  }

  Map<String, String> outputs() throws Exception {
    Map<String, String> out = new HashMap<>();
    for (String line : Files.readAllLines(tmp.resolve("output"))) {
      int eq = line.indexOf('=');
      out.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return out;
  }

  @Test
  void aLabeledIssueBecomesADraftPullRequestPushedWithTheWorkflowToken() throws Exception {
    Map<String, String> env = runner("issues", FixtureGitHub.onFixtureRepository(FixtureGitHub.webhook("issues/labeled.json")));

    int exit = new ActionCommand(env).call();

    assertThat(exit).isZero();
    assertThat(outputs()).containsEntry("task-status", "PR_OPEN").containsEntry("pr-number", "1347").containsKey("task-id");
    String head;
    try (Git pushed = Git.open(rig.git.bareDir(REPO).toFile())) {
      RevCommit commit = pushed.log().add(pushed.getRepository().resolve("refs/heads/" + BRANCH)).setMaxCount(1).call().iterator().next();
      head = commit.getName();
      assertThat(commit.getAuthorIdent().getName()).isEqualTo("github-actions[bot]");
      assertThat(commit.getFullMessage()).contains("(#1347)");
    }
    List<LoggedRequest> pulls = github.findAll(postRequestedFor(urlPathEqualTo(API + "/pulls")));
    assertThat(pulls).hasSize(1);
    JsonNode pr = FixtureGitHub.requestJson(pulls.get(0));
    assertThat(pr.path("head").asText()).isEqualTo(BRANCH);
    assertThat(pr.path("base").asText()).isEqualTo("main");
    assertThat(pr.path("draft").asBoolean()).isTrue();
    // The repository's test command ran in the runner before the push, and passed.
    assertThat(pr.path("body").asText()).contains("Closes #1347").contains("checks run by the agent: passed");
    JsonNode check = FixtureGitHub.requestJson(github.findAll(postRequestedFor(urlPathEqualTo(API + "/check-runs"))).get(0));
    assertThat(check.path("name").asText()).isEqualTo("ACS");
    assertThat(check.path("head_sha").asText()).isEqualTo(head);
    assertThat(github.findAll(postRequestedFor(urlPathEqualTo(API + "/issues/" + ISSUE + "/comments"))))
        .extracting(r -> FixtureGitHub.requestJson(r).path("body").asText())
        .anySatisfy(b -> assertThat(b).contains("ACS plan").contains("Change the greeting"));
    assertThat(Files.readString(tmp.resolve("summary.md"))).contains("PR_OPEN").contains("#1347");
    // Work trees and transcripts stay out of the checkout, under RUNNER_TEMP.
    assertThat(tmp.resolve("runner/acs/transcripts")).isNotEmptyDirectory();
  }

  @Test
  void aFailingTestCommandIsSeenBeforeThePushAndReported() throws Exception {
    Map<String, String> env = runner("issues", FixtureGitHub.onFixtureRepository(FixtureGitHub.webhook("issues/labeled.json")));
    env.put(ActionCommand.TEST_COMMAND_VAR, "echo 'GreeterTest.greets FAILED: expected Hi' && exit 1");

    new ActionCommand(env).call();

    // The agent ran the checks at "finish", was told they fail, and the script ended there.
    assertThat(github.findAll(postRequestedFor(urlPathEqualTo(API + "/pulls")))).isEmpty();
    assertThat(outputs()).containsEntry("task-status", "FAILED").containsEntry("pr-number", "");
    try (Git pushed = Git.open(rig.git.bareDir(REPO).toFile())) {
      assertThat(pushed.getRepository().exactRef("refs/heads/" + BRANCH)).isNull();
    }
  }

  @Test
  void anAcsImplementCommentInTheWorkflowStartsTheSamePipeline() throws Exception {
    var payload = FixtureGitHub.onFixtureRepository(FixtureGitHub.webhook("issue_comment/created.json"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) payload.get("comment")).put("body", "/acs implement");
    long commentId = payload.path("comment").path("id").asLong();
    github.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo(API + "/issues/comments/" + commentId + "/reactions"))
        .willReturn(FixtureGitHub.json(201, FixtureGitHub.body("POST-repos__{owner}__{repo}__issues__comments__{comment_id}__reactions-201.json"))));
    Map<String, String> env = runner("issue_comment", payload);

    assertThat(new ActionCommand(env).call()).isZero();

    assertThat(outputs()).containsEntry("task-status", "PR_OPEN").containsEntry("pr-number", "1347");
    assertThat(github.findAll(postRequestedFor(urlPathEqualTo(API + "/issues/comments/" + commentId + "/reactions"))))
        .extracting(r -> FixtureGitHub.requestJson(r).path("content").asText()).contains("eyes");
  }

  @Test
  void anotherLabelIsIgnoredWithoutWritingAnything() throws Exception {
    Map<String, String> env = runner("issues", FixtureGitHub.onFixtureRepository(FixtureGitHub.webhook("issues/labeled.json")));
    env.put(ActionCommand.LABEL_VAR, "autocode");

    assertThat(new ActionCommand(env).call()).isZero();

    assertThat(outputs()).containsEntry("task-status", "IGNORED");
    // Asking GraphQL who the token is (a read) is all that was sent.
    assertThat(github.findAll(postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.anyUrl())))
        .allSatisfy(r -> assertThat(r.getUrl()).isEqualTo("/graphql"));
  }

  /**
   * Item 9 of the issue: with an App installation token GET /user is refused (403), so ACS asks
   * GraphQL's viewer. It is then the App's bot: it finds its own plan comment and edits it instead of
   * posting the plan twice, and its commits are the bot's.
   */
  @Test
  void withAnAppTokenAcsIsTheAppsBotAndFindsItsOwnComments() throws Exception {
    github.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/graphql")).atPriority(1)
        .willReturn(FixtureGitHub.json(200, FixtureGitHub.viewer("acs-for-octo[bot]", 278716306L))));
    var comments = (com.fasterxml.jackson.databind.node.ArrayNode) Json.MAPPER.readTree(
        FixtureGitHub.body("GET-repos__{owner}__{repo}__issues__{issue_number}__comments-200.json"));
    var earlier = (com.fasterxml.jackson.databind.node.ObjectNode) comments.get(0);
    earlier.put("body", "<!-- acs:plan -->\nan earlier plan");
    ((com.fasterxml.jackson.databind.node.ObjectNode) earlier.get("user")).put("login", "acs-for-octo[bot]").put("type", "Bot");
    github.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(API + "/issues/" + ISSUE + "/comments")).atPriority(1)
        .willReturn(FixtureGitHub.json(200, comments)));
    github.stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(urlPathEqualTo(API + "/issues/comments/1"))
        .willReturn(FixtureGitHub.json(200, FixtureGitHub.body("PATCH-repos__{owner}__{repo}__issues__comments__{comment_id}-200.json"))));
    Map<String, String> env = runner("issues", FixtureGitHub.onFixtureRepository(FixtureGitHub.webhook("issues/labeled.json")));

    assertThat(new ActionCommand(env).call()).isZero();

    assertThat(github.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/user")))).isEmpty();
    assertThat(github.findAll(postRequestedFor(urlPathEqualTo(API + "/issues/" + ISSUE + "/comments"))))
        .extracting(r -> FixtureGitHub.requestJson(r).path("body").asText()).noneMatch(b -> b.contains("<!-- acs:plan -->"));
    assertThat(github.findAll(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(urlPathEqualTo(API + "/issues/comments/1"))))
        .extracting(r -> FixtureGitHub.requestJson(r).path("body").asText()).anySatisfy(b -> assertThat(b).contains("<!-- acs:plan -->"));
    try (Git pushed = Git.open(rig.git.bareDir(REPO).toFile())) {
      RevCommit commit = pushed.log().add(pushed.getRepository().resolve("refs/heads/" + BRANCH)).setMaxCount(1).call().iterator().next();
      assertThat(commit.getAuthorIdent().getName()).isEqualTo("acs-for-octo[bot]");
      assertThat(commit.getAuthorIdent().getEmailAddress()).isEqualTo("278716306+acs-for-octo[bot]@users.noreply.github.com");
    }
  }

  @Test
  void theAppSlugInputNamesTheBotWithoutAskingWhoTheTokenIs() throws Exception {
    Map<String, String> env = runner("issues", FixtureGitHub.onFixtureRepository(FixtureGitHub.webhook("issues/labeled.json")));
    env.put("ACS_APP_SLUG", "acs-for-octo");
    env.put("ACS_BOT_USER_ID", "278716306");

    assertThat(new ActionCommand(env).call()).isZero();

    assertThat(github.findAll(postRequestedFor(urlPathEqualTo("/graphql")))).isEmpty();
    try (Git pushed = Git.open(rig.git.bareDir(REPO).toFile())) {
      RevCommit commit = pushed.log().add(pushed.getRepository().resolve("refs/heads/" + BRANCH)).setMaxCount(1).call().iterator().next();
      assertThat(commit.getAuthorIdent().getEmailAddress()).isEqualTo("278716306+acs-for-octo[bot]@users.noreply.github.com");
    }
  }

  @Test
  void theIssueInputStartsWorkFromAManualRun() throws Exception {
    Map<String, String> env = runner("workflow_dispatch", Map.of("inputs", Map.of("issue", "1347")));
    env.put(ActionCommand.ISSUE_VAR, "#1347");
    env.put("GITHUB_ACTOR", "octocat");

    assertThat(new ActionCommand(env).call()).isZero();

    assertThat(outputs()).containsEntry("task-status", "PR_OPEN").containsEntry("pr-number", "1347");
  }

  @Test
  void eventsWithoutAHandlerAreIgnored() throws Exception {
    byte[] push = Files.readAllBytes(FixtureGitHub.sharedDir().resolve("fixtures/webhooks/push/default.json"));
    Map<String, String> env = runner("push", push);

    assertThat(new ActionCommand(env).call()).isZero();
    assertThat(outputs()).containsEntry("task-status", "IGNORED");
  }

  @Test
  void aBrokenPayloadIsAClearError() throws Exception {
    Map<String, String> env = runner("issues", "{\"action\": \"labeled\"}".getBytes());

    assertThatThrownBy(() -> new ActionCommand(env).call()).isInstanceOf(UserError.class).hasMessageContaining("cannot be read");
    assertThat(outputs()).containsEntry("task-status", "MALFORMED");
  }

  @Test
  void withoutAModelTheStepFailsAtOnce() throws Exception {
    Map<String, String> env = runner("issues", FixtureGitHub.onFixtureRepository(FixtureGitHub.webhook("issues/labeled.json")));
    env.remove("ACS_MODEL");

    assertThatThrownBy(() -> new ActionCommand(env).call()).isInstanceOf(ConfigException.class).hasMessageContaining("model");
  }

  @Test
  void badInputsAreConfigurationErrorsThatNameTheInput() throws Exception {
    Map<String, String> env = runner("issues", FixtureGitHub.onFixtureRepository(FixtureGitHub.webhook("issues/labeled.json")));
    env.put(ActionCommand.MAX_ATTEMPTS_VAR, "three");
    assertThatThrownBy(() -> new ActionCommand(env).call()).isInstanceOf(ConfigException.class).hasMessageContaining("max-attempts");

    env.put(ActionCommand.MAX_ATTEMPTS_VAR, "50");
    assertThatThrownBy(() -> new ActionCommand(env).call()).isInstanceOf(ConfigException.class)
        .hasMessageContaining("action's inputs").hasMessageContaining("max_attempts");
  }

  @Test
  void theIssueInputMustBeANumber() {
    assertThat(ActionCommand.issueNumber(" #12 ")).isEqualTo(12);
    assertThatThrownBy(() -> ActionCommand.issueNumber("twelve")).isInstanceOf(ConfigException.class).hasMessageContaining("ACS_ACTION_ISSUE");
  }
}
