package dev.acs.cli;

import static dev.acs.testing.ModelApiStub.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import dev.acs.github.RepoConfigFile;
import dev.acs.task.DeliveryStore;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.testing.GitHubApiStub;
import dev.acs.testing.ModelApiStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jgit.revwalk.RevCommit;
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
 * WireMock speaking OpenAI's or Anthropic's wire format ({@link ModelApiStub}); the parts: {@link AppRig}.
 */
class AppIssueToPullRequestTest {
  static final String BRANCH = AppRig.BRANCH;
  static final String README = AppRig.README;

  @TempDir Path tmp;
  AppRig rig;

  @BeforeEach
  void setUp() throws Exception {
    rig = new AppRig(tmp, "bug");
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  static final List<ModelApiStub.Turn> FIX_THE_TYPO = List.of(
      call("submit_plan", """
          {"summary": "Fix the misspelled 'commit' in the README", "steps": ["Correct 'committ' to 'commit' in README.md"],
           "files": ["README.md"], "risks": ["None: documentation only"], "verification": "Read README.md again"}"""),
      call("read_file", "{\"path\": \"README.md\"}"),
      call("edit_file", "{\"path\": \"README.md\", \"search\": \"committ your work\", \"replace\": \"commit your work\"}"),
      call("mark_step_done", "{\"step\": 1}"),
      call("finish", "{\"summary\": \"README.md now spells commit correctly.\"}"));

  @Test
  void openAiLabeledIssueBecomesADraftPullRequest() throws Exception {
    rig.repo.file(RepoConfigFile.PATH, "label: bug\n"); // the repository asks for work with the fixture's own label
    rig.model.openAi(FIX_THE_TYPO);
    rig.start(rig.openAi());

    assertThat(rig.deliver("issues", Json.MAPPER.writeValueAsBytes(AppRig.labeledPayload("bug")))).isEqualTo(202);
    Task task = rig.awaitIssueTask();

    assertPullRequestOpened(task);
    List<JsonNode> calls = rig.model.requests(ModelApiStub.OPENAI_PATH);
    assertThat(calls).hasSize(5);
    assertThat(calls.get(0).path("messages").toString()).contains("Spelling error in the README file");
    assertThat(calls.get(0).path("tools").toString()).contains("submit_plan");
    assertThat(calls.get(3).path("messages").toString()).contains("call_acs2").contains("README.md");
    assertThat(rig.model.loggedRequests(ModelApiStub.OPENAI_PATH))
        .allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + ModelApiStub.OPENAI_KEY));
  }

  @Test
  void anthropicLabeledIssueBecomesADraftPullRequest() throws Exception {
    rig.model.anthropic(FIX_THE_TYPO); // no .github/acs.yml (404): the default label autocode
    rig.start(Map.of(
        "ACS_MODEL", "anthropic:claude-sonnet-4-5", "ANTHROPIC_BASE_URL", rig.model.anthropicBaseUrl(),
        "ANTHROPIC_API_KEY", ModelApiStub.ANTHROPIC_KEY));

    assertThat(rig.deliver("issues", Json.MAPPER.writeValueAsBytes(AppRig.labeledPayload("autocode")))).isEqualTo(202);
    Task task = rig.awaitIssueTask();

    assertPullRequestOpened(task);
    List<JsonNode> calls = rig.model.requests(ModelApiStub.ANTHROPIC_PATH);
    assertThat(calls).hasSize(5);
    assertThat(calls.get(3).path("messages").toString()).contains("tool_result").contains("toolu_acs2");
    assertThat(rig.model.loggedRequests(ModelApiStub.ANTHROPIC_PATH))
        .allSatisfy(r -> assertThat(r.getHeader("x-api-key")).isEqualTo(ModelApiStub.ANTHROPIC_KEY));
  }

  @Test
  void aBrokenSettingsFileIsSaidOnTheIssueAndTheDeliveryIsNotRetried() throws Exception {
    rig.repo.file(RepoConfigFile.PATH, "label: [autocode\n");
    AcsApp app = rig.start(rig.openAi());
    String delivery = UUID.randomUUID().toString();
    assertThat(rig.deliver("issues", delivery, Json.MAPPER.writeValueAsBytes(AppRig.labeledPayload("autocode")))).isEqualTo(202);

    DeliveryStore deliveries = new DeliveryStore(app.database());
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> deliveries.find(delivery).map(d -> d.status() == DeliveryStore.Status.DONE).orElse(false));
    assertThat(rig.repo.comments(1)).singleElement().satisfies(c -> assertThat(c.body())
        .contains("<!-- acs:config -->").contains("`.github/acs.yml` on `master` cannot be used: it is not valid YAML"));
    assertThat(rig.tasks().all()).isEmpty();
    assertThat(rig.model.requests(ModelApiStub.OPENAI_PATH)).isEmpty();
  }

  void assertPullRequestOpened(Task task) throws Exception {
    assertThat(task.state()).as("task ended %s: %s", task.state(), task.lastFailure()).isEqualTo(TaskState.PR_OPEN);
    assertThat(task.branch()).isEqualTo(BRANCH);

    // The branch on the git server holds the fix, committed by ACS with its trailer.
    String head = rig.tip(BRANCH).orElseThrow();
    assertThat(task.headSha()).isEqualTo(head);
    assertThat(rig.fileAt(head, "README.md")).isEqualTo(README.replace("committ", "commit"));
    assertThat(rig.fileAt(head, "src/main/java/hello/Hello.java")).contains("return \"Hello\";");
    RevCommit commit = rig.commit(head);
    assertThat(commit.getFullMessage()).startsWith("Fix spelling error in the README file (#1)\n").contains("Acs-Task: " + task.id());
    assertThat(rig.tip("master")).isEqualTo(Optional.of(commit.getParent(0).getName())); // the base was not touched

    // One plan comment, posted once and edited as the work went on; one comment linking the PR.
    List<GitHubApiStub.Comment> comments = rig.repo.comments(1);
    assertThat(comments).extracting(GitHubApiStub.Comment::author).containsOnly(rig.github.botLogin());
    List<GitHubApiStub.Comment> plans = comments.stream().filter(c -> c.body().contains("<!-- acs:plan -->")).toList();
    assertThat(plans).singleElement().satisfies(plan -> {
      assertThat(plan.edits()).isGreaterThanOrEqualTo(1);
      assertThat(plan.body()).contains("### ACS plan").contains("- [x] Correct 'committ' to 'commit' in README.md")
          .contains("Implemented in #2");
    });
    assertThat(comments).noneSatisfy(c -> assertThat(c.body()).contains("<!-- acs:error -->"));
    assertThat(comments).anySatisfy(c -> assertThat(c.body()).contains("<!-- acs:pr -->").contains("draft pull request: #2"));

    // The draft pull request.
    GitHubApiStub.PullRequest pr = rig.repo.pullRequests().stream().filter(p -> p.head().equals(BRANCH)).findFirst().orElseThrow();
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
        .contains("## Cost").contains("5 model calls")
        .contains("Closes #1")
        .contains("ACS task `" + task.id() + "`");
    assertThat(rig.repo.pullRequests()).hasSize(1);

    // The ACS check run on the pushed commit: in progress, then completed.
    assertThat(rig.repo.checkRuns()).singleElement().satisfies(run -> {
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
}
