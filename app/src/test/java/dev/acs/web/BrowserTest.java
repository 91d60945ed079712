package dev.acs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.acs.pipeline.PipelineRig;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import io.javalin.Javalin;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

/**
 * A real browser (Debian's chromium, headless, through chromedriver) on the loopback server over
 * tasks made by the real pipeline: the list, a running task whose page receives a live update,
 * the Stop button reached and pressed with the keyboard alone, and axe-core on every page with no
 * WCAG 2.2 AA violation. Saves the screenshots of {@code docs/dashboard.md} into {@code
 * docs/images/}. Skips, saying why, where chromium or chromedriver is not installed ({@code .ci/run}
 * installs both).
 */
class BrowserTest {
  static final Path CHROMIUM = Path.of(System.getProperty("acs.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("acs.chromedriver", "/usr/bin/chromedriver"));
  static final List<String> WCAG = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

  @TempDir Path tmp;
  PipelineRig rig;
  LoopbackServer server;
  WebDriver browser;

  @BeforeEach
  void setUp() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser test skipped: needs " + CHROMIUM + " and " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)");
    rig = PipelineRig.start(tmp);
    server = LoopbackServer.start("127.0.0.1", 0, new TaskPages(new LoopbackVisitors("alice"), WebRig.views(rig),
        Optional.of(new TaskActions(rig.services, rig.start, rig.queue))));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
        "--force-device-scale-factor=1", "--lang=en-US");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
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
    new Actions(browser).sendKeys(Keys.ENTER).perform();
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

  /** Presses Tab until the focused element reads {@code label}; fails if it never does. */
  private WebElement tabTo(String label) {
    for (int i = 0; i < 80; i++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
      WebElement focused = browser.switchTo().activeElement();
      if (label.equals(focused.getText())) {
        return focused;
      }
    }
    throw new AssertionError("Tab never reached '" + label + "'");
  }

  private void assertNoViolations(String page) {
    Results results = new AxeBuilder().withTags(WCAG).analyze(browser);
    assertThat(results.getViolations())
        .as(page + ": " + results.getViolations().stream().map(BrowserTest::describe).collect(Collectors.joining("; ")))
        .isEmpty();
    assertThat(results.getPasses()).as(page + ": axe ran its rules").isNotEmpty();
  }

  private static String describe(Rule r) {
    return r.getId() + " (" + r.getHelp() + ") at " + r.getNodes().stream().map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", "));
  }

  private void screenshot(String name, int width, int height) throws Exception {
    String root = System.getProperty("acs.root.dir");
    if (root == null || root.isBlank()) {
      return;
    }
    browser.manage().window().setSize(new Dimension(width, height));
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of(root, "docs", "images", name);
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    browser.manage().window().setSize(new Dimension(1280, 900));
  }
}
