package dev.acs.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.acs.config.Json;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import dev.acs.testing.GitHubFixtures;
import dev.acs.web.Chromium;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Both halves of issue 12 together, the way a person meets them: a real {@code acs serve} ({@link
 * AppRig}) whose pages are turned on by {@code ACS_GITHUB_CLIENT_ID}, {@code
 * ACS_GITHUB_CLIENT_SECRET} and {@code ACS_PUBLIC_URL} alone (the GitHub login that {@link
 * WebWiring} builds from the environment), a WireMock github.com playing the OAuth web flow, the
 * WireMock API answering {@code /user} and {@code /repos/{owner}/{repo}} per user token, and
 * headless chromium. Codertocat (who can read the repository) logs in, filters the list, watches a
 * running task receive a live update, stops it with the keyboard, and logs out; hubot (who cannot)
 * logs in and finds neither the task, nor its page, nor it in the API. axe-core checks every page
 * on the way. Skips, saying why, where chromium or chromedriver is not installed.
 */
class LoginBrowserTest {
  static final String CLIENT_ID = "Iv1.5b0c1e2d3f4a5b6c";
  static final String CLIENT_SECRET = "browser-test-client-secret-not-a-real-one";
  /** A user token for each person; GitHub's format, invented values. */
  static final String CODERTOCAT_TOKEN = "ghu_Codertocat00000000000000000000000000";
  static final String HUBOT_TOKEN = "ghu_Hubot0000000000000000000000000000000";
  static final String CODERTOCAT_CODE = "code-for-codertocat";
  static final String HUBOT_CODE = "code-for-hubot";
  /** A repository both people can read, so that hubot's list is not empty for the wrong reason. */
  static final String SHARED = "octo-org/handbook";

  @TempDir Path tmp;
  AppRig rig;
  final WireMockServer githubCom = new WireMockServer(options().dynamicPort());
  StubMapping authorize;
  WebDriver browser;
  String base;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void setUp() throws Exception {
    Chromium.assumeInstalled();
    rig = new AppRig(tmp, "bug");
    githubCom.start();
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    base = "http://localhost:" + port;
    // The browser asks every site it shows a page of for its icon; github.com's stand-in has none.
    githubCom.stubFor(get(urlPathEqualTo("/favicon.ico")).willReturn(aResponse().withStatus(404)));
    accessToken(CODERTOCAT_CODE, CODERTOCAT_TOKEN);
    accessToken(HUBOT_CODE, HUBOT_TOKEN);
    user(CODERTOCAT_TOKEN, "Codertocat");
    user(HUBOT_TOKEN, "hubot");
    readable(CODERTOCAT_TOKEN, AppRig.REPO);
    notFound(HUBOT_TOKEN, AppRig.REPO);
    readable(CODERTOCAT_TOKEN, SHARED);
    readable(HUBOT_TOKEN, SHARED);

    Map<String, String> vars = new HashMap<>(rig.openAi());
    vars.put("ACS_PORT", String.valueOf(port));
    vars.put("ACS_GITHUB_CLIENT_ID", CLIENT_ID);
    vars.put("ACS_GITHUB_CLIENT_SECRET", CLIENT_SECRET);
    vars.put("ACS_PUBLIC_URL", base);
    vars.put("ACS_GITHUB_URL", githubCom.baseUrl());
    rig.start(vars, Optional.empty()); // no Visitors given: serve builds the GitHub login from the settings
    browser = Chromium.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (browser != null) {
        browser.quit();
      }
      if (rig != null) {
        rig.close();
      }
    } finally {
      if (githubCom.isRunning()) {
        List<?> unmatched = githubCom.findAllUnmatchedRequests();
        githubCom.stop();
        assertThat(unmatched).as("requests github.com's stand-in did not expect").isEmpty();
      }
    }
  }

  @Test
  void aReaderLogsInWatchesStopsAndLogsOutAndSomeoneWithoutAccessSeesNothing() throws Exception {
    TaskStore tasks = rig.tasks();
    Task running = tasks.findOrCreate(AppRig.REPO, 1, AppRig.INSTALLATION, "Spelling error in the README file");
    tasks.set(running.id(), "requested_by", "Codertocat");
    tasks.transition(running.id(), TaskState.PLANNED, "plan posted");
    tasks.transition(running.id(), TaskState.IMPLEMENTING, "implementing the plan");
    tasks.appendEvent(running.id(), "model_call", "step 1: read_file README.md", null);
    Task shared = tasks.findOrCreate(SHARED, 7, AppRig.INSTALLATION, "Write the on-call page");
    tasks.transition(shared.id(), TaskState.BLOCKED_BY_POLICY, "push denied: a secret-like file (oncall/id_rsa)");

    // The login error page: a callback this browser did not start.
    browser.get(base + "/login/callback?code=" + CODERTOCAT_CODE + "&state=forged");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("This login did not start here");
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("If you opened ACS at another address than " + base);
    assertThat(browser.manage().getCookieNamed("acs_session")).isNull();
    Chromium.assertNoViolations(browser, "login error page");

    // Codertocat opens a filtered list, is sent through github.com, and comes back to the same list.
    authorizeAnswersWith(CODERTOCAT_CODE);
    String filtered = "/?repository=" + URLEncoder.encode(AppRig.REPO, StandardCharsets.UTF_8);
    browser.get(base + filtered);
    await().atMost(Duration.ofSeconds(15)).until(() -> browser.getCurrentUrl().equals(base + filtered));
    assertThat(browser.findElement(By.cssSelector(".top .who")).getText()).isEqualTo("Signed in as Codertocat");
    assertThat(rows()).containsExactly("Spelling error in the README file");
    browser.get(base + "/");
    assertThat(rows()).containsExactlyInAnyOrder("Spelling error in the README file", "Write the on-call page");
    Chromium.assertNoViolations(browser, "task list after login");
    screenshot("task-list-signed-in.png", 1280, 520);

    // The running task's page follows it live.
    browser.findElement(By.linkText("Spelling error in the README file")).click();
    assertThat(browser.getCurrentUrl()).isEqualTo(base + "/tasks/" + running.id());
    assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("IMPLEMENTING");
    Chromium.assertNoViolations(browser, "running task page after login");
    await().atMost(Duration.ofSeconds(15)).until(() -> Boolean.TRUE.equals(((JavascriptExecutor) browser)
        .executeScript("return document.getElementById('live').textContent.startsWith('Live:')")));
    tasks.appendEvent(running.id(), "model_call", "step 2: edit_file README.md", null);
    await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElement(By.id("timeline")).getText().contains("step 2: edit_file"));

    // Stop, with the keyboard alone: through the permission call and the gate, in Codertocat's name.
    WebElement stop = Chromium.tabTo(browser, "Stop");
    assertThat(stop.getTagName()).isEqualTo("button");
    Chromium.pressEnter(browser);
    await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(By.cssSelector("p.flash")).isEmpty());
    assertThat(browser.findElement(By.cssSelector("p.flash")).getText()).startsWith("Stopped");
    assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("STOPPED");
    assertThat(tasks.find(running.id()).orElseThrow().state()).isEqualTo(TaskState.STOPPED);
    assertThat(rig.repo.comments(1)).anySatisfy(c -> assertThat(c.body()).contains("Stopped from the task page", "@Codertocat"));
    Chromium.assertNoViolations(browser, "task page after stop");

    // Log out, with the keyboard too; from then on the pages send the browser to the login.
    Cookie session = browser.manage().getCookieNamed("acs_session");
    assertThat(session).isNotNull();
    assertThat(session.isHttpOnly()).isTrue();
    Chromium.tabTo(browser, "Log out");
    Chromium.pressEnter(browser);
    await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.tagName("h1")).getText().equals("Logged out"));
    assertThat(browser.manage().getCookieNamed("acs_session")).isNull();
    // The POST was answered with a redirect: the page shown is a GET, and reloading it posts nothing.
    assertThat(browser.getCurrentUrl()).isEqualTo(base + "/logged-out");
    browser.navigate().refresh();
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Logged out");
    Chromium.assertNoViolations(browser, "logged-out page");
    HttpResponse<String> oldCookie = send(HttpRequest.newBuilder(local("/tasks/" + running.id()))
        .header("Cookie", "acs_session=" + session.getValue()).GET().build());
    assertThat(oldCookie.statusCode()).as("the session ended on the server, not only in the browser").isEqualTo(302);
    assertThat(oldCookie.headers().firstValue("Location")).contains("/login?next=%2Ftasks%2F" + running.id());
    authorizeAsksToSignIn();
    browser.get(base + "/tasks/" + running.id());
    assertThat(browser.getCurrentUrl()).startsWith(githubCom.baseUrl() + "/login/oauth/authorize?client_id=" + CLIENT_ID);
    browser.get(base + "/healthz"); // a page of ACS's own origin, to set a cookie on it
    browser.manage().addCookie(new Cookie("acs_session", session.getValue().substring(1) + "A")); // forged
    browser.get(base + "/");
    assertThat(browser.getCurrentUrl()).as("a forged session is no session").startsWith(githubCom.baseUrl() + "/login/oauth/authorize?");

    // hubot cannot read the repository: no task in the list, a 404 for its page, nothing in the API.
    authorizeAnswersWith(HUBOT_CODE);
    browser.get(base + "/tasks/" + running.id());
    await().atMost(Duration.ofSeconds(15)).until(() -> browser.getCurrentUrl().equals(base + "/tasks/" + running.id()));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
    assertThat(browser.findElement(By.cssSelector(".top .who")).getText()).isEqualTo("Signed in as hubot");
    assertThat(browser.findElement(By.cssSelector("form.logout button")).getText()).isEqualTo("Log out");
    Chromium.assertNoViolations(browser, "not-found page after login");
    browser.get(base + "/");
    assertThat(rows()).containsExactly("Write the on-call page");
    assertThat(browser.getPageSource()).doesNotContain(running.id()).doesNotContain(AppRig.REPO);
    Chromium.assertNoViolations(browser, "task list of someone without access");

    JsonNode hubotList = Json.MAPPER.readTree(api("/api/v1/tasks", HUBOT_TOKEN).body());
    assertThat(hubotList.path("tasks").findValuesAsText("id")).containsExactly(shared.id());
    assertThat(hubotList.path("total").asInt()).isEqualTo(1);
    assertThat(api("/api/v1/tasks/" + running.id(), HUBOT_TOKEN).statusCode()).isEqualTo(404);
    assertThat(api("/api/v1/tasks/" + running.id(), CODERTOCAT_TOKEN).statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(api("/api/v1/tasks", CODERTOCAT_TOKEN).body()).path("tasks").findValuesAsText("id"))
        .containsExactlyInAnyOrder(running.id(), shared.id());
  }

  private List<String> rows() {
    List<String> titles = new ArrayList<>();
    for (WebElement link : browser.findElements(By.cssSelector("table.tasks tbody tr td:first-child a"))) {
      titles.add(link.getText());
    }
    return titles;
  }

  /**
   * github.com's authorize page for someone who already authorized the App: straight back to the
   * callback with a code and the state it was given (GitHub's documented behaviour).
   */
  private void authorizeAnswersWith(String code) {
    replaceAuthorize(get(urlPathEqualTo("/login/oauth/authorize")).withQueryParam("client_id", equalTo(CLIENT_ID))
        .withQueryParam("redirect_uri", equalTo(base + "/login/callback"))
        .willReturn(aResponse().withStatus(302)
            .withHeader("Location", "{{request.query.redirect_uri}}?code=" + code + "&state={{request.query.state}}")
            .withTransformers("response-template")));
  }

  /** github.com's authorize page for someone signed out of GitHub: its sign-in form (SYNTHETIC, a stand-in page). */
  private void authorizeAsksToSignIn() {
    replaceAuthorize(get(urlPathEqualTo("/login/oauth/authorize")).withQueryParam("client_id", equalTo(CLIENT_ID))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
            .withBody("<!doctype html><html lang=\"en\"><title>Sign in to GitHub</title><h1>Sign in to GitHub</h1></html>")));
  }

  private void replaceAuthorize(MappingBuilder mapping) {
    if (authorize != null) {
      githubCom.removeStub(authorize);
    }
    authorize = githubCom.stubFor(mapping);
  }

  /**
   * GitHub's token answer for a code (SYNTHETIC shape of the documented web-flow fields, as in
   * {@code LoginRig}): a non-expiring user token.
   */
  private void accessToken(String code, String token) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("access_token", token).put("scope", "").put("token_type", "bearer");
    githubCom.stubFor(post(urlPathEqualTo("/login/oauth/access_token"))
        .withHeader("Accept", equalTo("application/json"))
        .withRequestBody(containing("client_id=" + URLEncoder.encode(CLIENT_ID, StandardCharsets.UTF_8)))
        .withRequestBody(containing("client_secret=" + CLIENT_SECRET))
        .withRequestBody(containing("code=" + code))
        .willReturn(okJson(body.toString())));
  }

  /** GET /user with this token on the API stub: GitHub's documented user (the repository fixture's owner) with this login. */
  private void user(String token, String login) {
    ObjectNode user = (ObjectNode) GitHubFixtures.object(GitHubFixtures.REPO).path("owner");
    user.put("login", login);
    rig.github.wireMock().stubFor(get(urlPathEqualTo("/user")).atPriority(1)
        .withHeader("Authorization", equalTo("Bearer " + token)).willReturn(okJson(user.toString())));
  }

  /** GET /repos/{full} with this token: GitHub's documented repository (with pull permission) under that name. */
  private void readable(String token, String fullName) {
    ObjectNode repo = GitHubFixtures.object(GitHubFixtures.REPO);
    repo.put("full_name", fullName);
    rig.github.wireMock().stubFor(get(urlPathEqualTo("/repos/" + fullName)).atPriority(1)
        .withHeader("Authorization", equalTo("Bearer " + token)).willReturn(okJson(repo.toString())));
  }

  /** What GitHub answers a token whose owner cannot see the repository (SYNTHETIC basic-error body). */
  private void notFound(String token, String fullName) {
    rig.github.wireMock().stubFor(get(urlPathEqualTo("/repos/" + fullName)).atPriority(1)
        .withHeader("Authorization", equalTo("Bearer " + token))
        .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
            .withBody(GitHubFixtures.basicError(404, "Not Found").toString())));
  }

  private URI local(String path) {
    return URI.create("http://127.0.0.1:" + rig.app.port() + path);
  }

  private HttpResponse<String> api(String path, String token) throws Exception {
    return send(HttpRequest.newBuilder(local(path)).header("Authorization", "Bearer " + token).GET().build());
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private void screenshot(String name, int width, int height) throws Exception {
    Chromium.screenshot(browser, name, width, height);
  }

}
