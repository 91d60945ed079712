package dev.acs.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.acs.config.Json;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import dev.acs.testing.GitHubApiStub;
import dev.acs.testing.LlmFixtures;
import dev.acs.testing.ModelApiStub;
import dev.acs.testing.WebhookPayloads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan comment as a live progress report, end to end on a real {@code acs serve} against the
 * WireMock GitHub: the comment is posted once and then only edited, by its recorded id (PATCH
 * {@code /issues/comments/{id}}), a bounded number of times; the edits show the activity, the
 * step the coder reported done, the elapsed time and the spend, then the pull request, and a final
 * line when the pull request is merged.
 */
class AppProgressTest {
  @TempDir Path tmp;
  AppRig rig;

  @AfterEach
  void tearDown() throws Exception {
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void thePlanCommentIsEditedInPlaceAsTheWorkGoesOnAndEndsWithAFinalLine() throws Exception {
    rig = new AppRig(tmp, "autocode");
    rig.model.openAi(AppIssueToPullRequestTest.FIX_THE_TYPO);
    // The model takes a while over its edit: long enough for a coalesced progress edit to go out.
    rig.model.wireMock().stubFor(post(urlPathEqualTo(ModelApiStub.OPENAI_PATH)).inScenario(ModelApiStub.OPENAI_PATH)
        .whenScenarioStateIs("turn2").willSetStateTo("turn3")
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withFixedDelay(7_000)
            .withBody(LlmFixtures.openAiToolCall("call_acs2", "edit_file",
                "{\"path\": \"README.md\", \"search\": \"committ your work\", \"replace\": \"commit your work\"}"))));
    rig.start(rig.openAi());

    assertThat(rig.deliver("issues", Json.MAPPER.writeValueAsBytes(AppRig.labeledPayload("autocode")))).isEqualTo(202);
    Task task = rig.awaitIssueTask();
    assertThat(task.state()).as("%s", task.lastFailure()).isEqualTo(TaskState.PR_OPEN);
    long planId = task.planCommentId();

    // One plan comment, created once; every later change is a PATCH of that id.
    List<GitHubApiStub.Comment> plans = rig.repo.comments(1).stream().filter(c -> c.body().contains("<!-- acs:plan -->")).toList();
    assertThat(plans).singleElement().extracting(GitHubApiStub.Comment::id).isEqualTo(planId);
    assertThat(posts(planId)).isZero();
    List<ServeEvent> edits = patchesOf(planId);
    List<String> bodies = edits.stream().map(AppProgressTest::body).toList();
    assertThat(bodies).allSatisfy(b -> assertThat(b).startsWith("<!-- acs:plan -->\n### ACS plan"));

    // While coding: what ACS did, with the time and the spend so far, the step not ticked yet.
    assertThat(bodies).anySatisfy(b -> assertThat(b)
        .containsPattern("⏳ \\*\\*Now:\\*\\* implementing: (reading the code|editing files) · under a minute so far · \\$0\\.\\d{4}, [\\d,]+ tokens")
        .contains("- [ ] Correct 'committ' to 'commit' in README.md"));
    // At the pull request: the step the coder reported ticked, and what the task waits for now.
    assertThat(bodies.get(bodies.size() - 1))
        .contains("- [x] Correct 'committ' to 'commit' in README.md")
        .contains("✅ Implemented in #2.")
        .contains("⏳ **Now:** waiting for CI and reviews on #2");
    // Coalesced: besides the pull request's milestone and the run's last word, at most one edit per 5 s of work.
    Duration worked = Duration.between(edits.get(0).getRequest().getLoggedDate().toInstant(),
        last(edits).getRequest().getLoggedDate().toInstant());
    assertThat(edits.size()).as("edits of the plan comment over %s: %s", worked, bodies)
        .isBetween(2, 3 + (int) (worked.toMillis() / 5_000));

    // The pull request is merged: the final line.
    byte[] merged = WebhookPayloads.of("pull_request/closed.json").repository(AppRig.REPO).installation(AppRig.INSTALLATION)
        .sender("Codertocat", "User").set("/number", 2).set("/pull_request/number", 2).set("/pull_request/merged", true)
        .set("/pull_request/head/ref", AppRig.BRANCH).set("/pull_request/head/sha", task.headSha()).bytes();
    assertThat(rig.deliver("pull_request", merged)).isEqualTo(202);
    TaskStore tasks = rig.tasks();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> tasks.find(task.id()).orElseThrow().state() == TaskState.DONE
            && body(last(patchesOf(planId))).contains("🏁 **Done:**"));
    String end = body(last(patchesOf(planId)));
    assertThat(end).contains("🏁 **Done:** pull request #2 was merged (pull request merged by @\u200bCodertocat) · took ")
        .doesNotContain("⏳ **Now:**")
        .contains("- [x] Correct 'committ' to 'commit' in README.md");
    assertThat(posts(planId)).isZero();
  }

  private List<ServeEvent> patchesOf(long commentId) {
    String path = "/repos/" + AppRig.REPO + "/issues/comments/" + commentId;
    return rig.github.wireMock().getAllServeEvents().stream()
        .filter(e -> e.getRequest().getMethod().value().equals("PATCH") && e.getRequest().getUrl().equals(path))
        .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
        .toList();
  }

  /** Comments posted after the plan comment that carry its marker (a second plan comment): none. */
  private long posts(long planId) {
    return rig.repo.comments(1).stream().filter(c -> c.body().contains("<!-- acs:plan -->") && c.id() != planId).count();
  }

  private static ServeEvent last(List<ServeEvent> events) {
    return events.get(events.size() - 1);
  }

  private static String body(ServeEvent e) {
    try {
      return Json.MAPPER.readTree(e.getRequest().getBodyAsString()).path("body").asText();
    } catch (Exception x) {
      throw new IllegalStateException(x);
    }
  }
}
