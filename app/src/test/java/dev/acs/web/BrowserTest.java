package dev.acs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acs.pipeline.PipelineRig;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * A real browser (Debian's chromium, headless, through chromedriver) on the loopback server over
 * tasks made by the real pipeline: the list, a running task whose page receives a live update,
 * the Stop button reached and pressed with the keyboard alone, and axe-core on every page with no
 * WCAG 2.2 AA violation. Saves the screenshots of {@code docs/dashboard.md} into {@code
 * docs/images/}. Skips, saying why, where chromium or chromedriver is not installed ({@code .ci/run}
 * installs both).
 */
class BrowserTest {

  @TempDir Path tmp;
  PipelineRig rig;
  LoopbackServer server;
  WebDriver browser;

  @BeforeEach
  void setUp() throws Exception {
    Chromium.assumeInstalled();
    rig = PipelineRig.start(tmp);
    server = LoopbackServer.start("127.0.0.1", 0, new TaskPages(new LoopbackVisitors("alice"), WebRig.views(rig),
        Optional.of(new TaskActions(rig.services, rig.start, rig.queue))));
    browser = Chromium.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void listLiveUpdateAndStopWithTheKeyboardWithoutAccessibilityViolations() throws Exception {
    Task done = rig.openPullRequest();
    int deploy = rig.github.addIssue("Let CI deploy to staging", "CI needs a key to reach staging.", "alice", "autocode");
    Task blocked = rig.tasks.findOrCreate(PipelineRig.REPO, deploy, null, "Let CI deploy to staging");
    rig.tasks.transition(blocked.id(), TaskState.BLOCKED_BY_POLICY, "push denied: a secret-like file (deploy/id_rsa)");
    int uploads = rig.github.addIssue("Retry flaky uploads with backoff", "Uploads fail now and then.", "alice", "autocode");
    Task running = rig.tasks.findOrCreate(PipelineRig.REPO, uploads, null, "Retry flaky uploads with backoff");
    rig.tasks.set(running.id(), "requested_by", "alice");
    rig.tasks.transition(running.id(), TaskState.PLANNED, "plan posted");
    rig.tasks.transition(running.id(), TaskState.IMPLEMENTING, "implementing the plan");
    rig.tasks.appendEvent(running.id(), "model_call", "step 1: read_file src/main/java/demo/Uploads.java", null);

    browser.get(server.url());
    assertThat(browser.findElement(By.cssSelector("table.tasks caption")).getText()).isEqualTo("Tasks 1–3 of 3, newest first");
    assertThat(browser.findElements(By.cssSelector("table.tasks tbody tr"))).hasSize(3);
    assertNoViolations("task list");
    screenshot("task-list.png", 1280, 560);

    browser.get(server.url() + "tasks/" + done.id());
    assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("PR_OPEN");
    assertNoViolations("task page of a task with a pull request");
    screenshot("task-page.png", 1280, 2200);

    browser.get(server.url() + "tasks/" + running.id());
    assertNoViolations("task page of a running task");
    await().atMost(Duration.ofSeconds(15)).until(() -> "true".equals(String.valueOf(
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return document.getElementById('live').textContent.startsWith('Live:')"))));
    rig.tasks.appendEvent(running.id(), "model_call", "step 2: edit_file src/main/java/demo/Uploads.java", null);
    await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElement(By.id("timeline")).getText().contains("step 2: edit_file"));

    WebElement stop = tabTo("Stop");
    assertThat(stop.getTagName()).isEqualTo("button");
    Chromium.pressEnter(browser);
    await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElements(By.cssSelector("p.flash")).size() == 1);
    assertThat(browser.findElement(By.cssSelector("p.flash")).getText()).startsWith("Stopped");
    assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("STOPPED");
    assertThat(rig.task(running.id()).state()).isEqualTo(TaskState.STOPPED);
    assertNoViolations("task page after stop");

    browser.get(server.url() + "tasks/no-such-task");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
    assertNoViolations("not-found page");
  }

  @Test
  void thePageThatSaysHowToTurnThePagesOnHasNoAccessibilityViolations() {
    Javalin off = Javalin.create(c -> c.showJavalinBanner = false);
    TaskPages.addPagesOff(off);
    off.start("127.0.0.1", 0);
    try {
      browser.get("http://127.0.0.1:" + off.port() + "/");
      assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("ACS is running");
      assertNoViolations("pages-off page");
    } finally {
      off.stop();
    }
  }

  private WebElement tabTo(String label) {
    return Chromium.tabTo(browser, label);
  }

  private void assertNoViolations(String page) {
    Chromium.assertNoViolations(browser, page);
  }

  private void screenshot(String name, int width, int height) throws Exception {
    Chromium.screenshot(browser, name, width, height);
  }
}
