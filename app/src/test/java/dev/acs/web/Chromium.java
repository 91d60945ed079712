package dev.acs.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
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
 * Debian's chromium, headless through chromedriver, for the browser tests of every package: start
 * it (or skip the test, saying what is missing), reach an element with the Tab key alone, and run
 * axe-core's WCAG 2.2 AA rules on the page shown.
 */
public final class Chromium {
  public static final Path BINARY = Path.of(System.getProperty("acs.chromium", "/usr/bin/chromium"));
  public static final Path DRIVER = Path.of(System.getProperty("acs.chromedriver", "/usr/bin/chromedriver"));
  static final List<String> WCAG = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

  private Chromium() {}

  /** Skips the calling test unless both chromium and chromedriver are installed. */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(Files.isExecutable(BINARY) && Files.isExecutable(DRIVER),
        "browser test skipped: needs " + BINARY + " and " + DRIVER + " (apt-get install chromium chromium-driver)");
  }

  /** A fresh headless browser (its own profile: no cookies from another test). */
  public static WebDriver start() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
        "--force-device-scale-factor=1", "--lang=en-US");
    // The console, so that a page's Content-Security-Policy violations fail the test (see assertNoViolations).
    options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  /** Presses Tab until the focused element reads {@code label}; fails if it never does. */
  public static WebElement tabTo(WebDriver browser, String label) {
    for (int i = 0; i < 80; i++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
      WebElement focused = browser.switchTo().activeElement();
      if (label.equals(focused.getText())) {
        return focused;
      }
    }
    throw new AssertionError("Tab never reached '" + label + "'");
  }

  /** Presses Enter on whatever has the focus. */
  public static void pressEnter(WebDriver browser) {
    new Actions(browser).sendKeys(Keys.ENTER).perform();
  }

  /**
   * axe-core on the page shown: no WCAG 2.0/2.1/2.2 A or AA violation, and axe did run rules; and
   * nothing the browser refused under the pages' Content-Security-Policy since the last look
   * (chromium reports each refusal on the console).
   */
  public static void assertNoViolations(WebDriver browser, String page) {
    assertThat(browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll())
        .extracting(org.openqa.selenium.logging.LogEntry::getMessage)
        .as(page + ": refused under the Content-Security-Policy")
        .noneMatch(m -> m.contains("Content Security Policy"));
    Results results = new AxeBuilder().withTags(WCAG).analyze(browser);
    assertThat(results.getViolations())
        .as(page + ": " + results.getViolations().stream().map(Chromium::describe).collect(Collectors.joining("; ")))
        .isEmpty();
    assertThat(results.getPasses()).as(page + ": axe ran its rules").isNotEmpty();
  }

  /**
   * Saves what the browser shows, at this window size, as {@code docs/images/<name>} of the
   * project (the build passes {@code acs.root.dir}; without it, nothing is saved).
   */
  public static void screenshot(WebDriver browser, String name, int width, int height) throws IOException {
    String root = System.getProperty("acs.root.dir");
    if (root == null || root.isBlank()) {
      return;
    }
    Dimension before = browser.manage().window().getSize();
    browser.manage().window().setSize(new Dimension(width, height));
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of(root, "docs", "images", name);
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    browser.manage().window().setSize(before);
  }

  private static String describe(Rule r) {
    return r.getId() + " (" + r.getHelp() + ") at " + r.getNodes().stream().map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", "));
  }
}
