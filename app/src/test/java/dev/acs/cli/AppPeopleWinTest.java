package dev.acs.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.acs.testing.ModelApiStub.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acs.config.Json;
import dev.acs.task.DeliveryStore;
import dev.acs.task.Task;
import dev.acs.task.TaskEvent;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import dev.acs.testing.GitHubApiStub;
import dev.acs.testing.LlmFixtures;
import dev.acs.testing.ModelApiStub;
import dev.acs.testing.WebhookPayloads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * People win, in App mode end to end: a real {@code acs serve} (Javalin, H2, JobRunr) with the
 * WireMock GitHub ({@link GitHubApiStub}), the JGit HTTP server and the model over OpenAI's wire
 * format, fed signed variants of GitHub's real payloads.
 */
class AppPeopleWinTest {
  static final String REPO = AppRig.REPO;

  @TempDir Path tmp;
  AppRig rig;

  @AfterEach
  void tearDown() throws Exception {
    if (rig != null) {
      rig.close();
    }
  }

  static final List<ModelApiStub.Turn> ISSUE_TO_PR = List.of(
      call("submit_plan", """
          {"summary": "Fix the README typo and greet the world", "steps": ["Correct 'committ'", "Greet the world"],
           "files": ["README.md", "src/main/java/hello/Hello.java"], "risks": ["None"], "verification": "PMD"}"""),
      call("edit_file", "{\"path\": \"README.md\", \"search\": \"committ your work\", \"replace\": \"commit your work\"}"),
      call("edit_file", "{\"path\": \"" + AppRig.HELLO + "\", \"search\": \"return \\\"Hello\\\";\", \"replace\": \"return \\\"Hello, world\\\";\"}"),
      call("finish", "{\"summary\": \"Fixed the typo; greet() says Hello, world.\"}"));

  /**
   * Item 10 of the issue: the pull request is merged while ACS is repairing it (the repair's model
   * call takes 20 s). The task ends DONE, the running job exits quietly, and nobody is told that
   * ACS "could not finish" on a merged pull request.
   */
  @Test
  void thePullRequestMergedMidRepairEndsTheTaskDoneWithoutAFailureComment() throws Exception {
    rig = new AppRig(tmp, "autocode");
    List<ModelApiStub.Turn> turns = new java.util.ArrayList<>(ISSUE_TO_PR);
    turns.add(call("read_file", "{\"path\": \"" + AppRig.HELLO + "\"}"));
    turns.add(call("finish", "{\"summary\": \"Nothing to do.\"}"));
    rig.model.openAi(turns);
    // The repair's first model call (the script's fifth turn) answers slowly: the merge comes meanwhile.
    rig.model.wireMock().stubFor(post(urlPathEqualTo(ModelApiStub.OPENAI_PATH)).inScenario(ModelApiStub.OPENAI_PATH)
        .whenScenarioStateIs("turn4").willSetStateTo("turn5")
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withFixedDelay(20_000)
            .withBody(LlmFixtures.openAiToolCall("call_acs4", "read_file", "{\"path\": \"" + AppRig.HELLO + "\"}"))));
    rig.start(rig.openAi());

    assertThat(rig.deliver("issues", Json.MAPPER.writeValueAsBytes(AppRig.labeledPayload("autocode")))).isEqualTo(202);
    Task opened = rig.awaitIssueTask();
    assertThat(opened.state()).as("%s", opened.lastFailure()).isEqualTo(TaskState.PR_OPEN);
    String head = opened.headSha();
    int pr = opened.prNumber();

    AppRepairTest failing = new AppRepairTest();
    failing.rig = rig;
    failing.ciFails(head, AppRepairTest.realLog());
    assertThat(rig.deliver("check_suite", WebhookPayloads.of("check_suite/completed.json").installation(AppRig.INSTALLATION)
        .set("/check_suite/head_sha", head).set("/check_suite/head_branch", AppRig.BRANCH).set("/check_suite/conclusion", "failure")
        .set("/check_suite/app/slug", "github-actions")
        .set("/check_suite/pull_requests/0/number", pr).set("/check_suite/pull_requests/0/head/sha", head)
        .set("/check_suite/pull_requests/0/head/ref", AppRig.BRANCH).bytes())).isEqualTo(202);
    TaskStore tasks = rig.tasks();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> tasks.find(opened.id()).orElseThrow().state() == TaskState.REPAIRING
            && rig.model.requests(ModelApiStub.OPENAI_PATH).size() == 5);

    byte[] merged = WebhookPayloads.of("pull_request/closed.json").repository(REPO).installation(AppRig.INSTALLATION)
        .sender("Codertocat", "User").set("/number", pr).set("/pull_request/number", pr).set("/pull_request/merged", true)
        .set("/pull_request/head/ref", AppRig.BRANCH).set("/pull_request/head/sha", head).bytes();
    assertThat(rig.deliver("pull_request", merged)).isEqualTo(202);

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> tasks.events(opened.id()).stream().anyMatch(e -> e.kind().equals("stop")
            || e.kind().equals("job") && e.summary().startsWith("ended quietly")));
    Task ended = tasks.find(opened.id()).orElseThrow();
    assertThat(ended.state()).as("%s", ended.lastFailure()).isEqualTo(TaskState.DONE);
    assertThat(tasks.events(opened.id()).stream().map(TaskEvent::kind)).doesNotContain("error");
    assertThat(rig.repo.comments(pr)).noneSatisfy(c -> assertThat(c.body()).contains("could not finish"));
    assertThat(rig.repo.comments(1)).noneSatisfy(c -> assertThat(c.body()).contains("<!-- acs:error -->"));
  }

  /**
   * Item 14: a {@code .github/acs.yml} that cannot be used and {@code /acs status}: 😕 on the
   * command, one comment naming the problem and its line, and the delivery is done (not retried
   * for hours).
   */
  @Test
  void aBrokenSettingsFileAnswersACommandWithConfusedAndTheLineAndIsNotRetried() throws Exception {
    rig = new AppRig(tmp, "autocode");
    rig.repo.file(".github/acs.yml", "label: autocode\nbudget:\n  max_usd: lots\n");
    rig.start(rig.openAi());
    long commentId = rig.repo.comment(1, "Codertocat", "/acs status");
    byte[] status = WebhookPayloads.of("issue_comment/created.json").repository(REPO).installation(AppRig.INSTALLATION)
        .sender("Codertocat", "User").set("/issue/number", 1).set("/comment/id", commentId).set("/comment/body", "/acs status")
        .set("/comment/user/login", "Codertocat").bytes();
    String delivery = UUID.randomUUID().toString();

    assertThat(rig.deliver("issue_comment", delivery, status)).isEqualTo(202);

    DeliveryStore deliveries = new DeliveryStore(rig.app.database());
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> deliveries.find(delivery).map(d -> d.status() != DeliveryStore.Status.RECEIVED
            && d.status() != DeliveryStore.Status.PROCESSING).orElse(false));
    DeliveryStore.StoredDelivery stored = deliveries.find(delivery).orElseThrow();
    assertThat(stored.status()).isEqualTo(DeliveryStore.Status.DONE);
    assertThat(stored.attempts()).isEqualTo(1);
    assertThat(rig.repo.reactions()).anySatisfy(r -> {
      assertThat(r.commentId()).isEqualTo(commentId);
      assertThat(r.content()).isEqualTo("confused");
    });
    assertThat(rig.repo.comments(1)).filteredOn(c -> c.author().endsWith("[bot]")).singleElement().satisfies(c ->
        assertThat(c.body()).contains("/acs status").contains("`budget.max_usd`").contains("line 3"));
  }
}
