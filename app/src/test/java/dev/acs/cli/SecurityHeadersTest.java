package dev.acs.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.task.Task;
import dev.acs.testing.GitHubFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headers of {@code dev.acs.web.SecurityHeaders} on a real {@code acs serve} ({@link AppRig})
 * with the GitHub login turned on by its settings: every page, every API answer and the login's
 * own pages carry the policy, {@code nosniff}, the referrer policy and {@code no-store}, whatever
 * their status; the machine endpoints only {@code nosniff}. The browser tests show the pages work
 * under the policy; this one shows no answer goes without it.
 */
class SecurityHeadersTest {
  static final String TOKEN = "ghu_Codertocat00000000000000000000000000";
  /** GitHub's web address for the login; never contacted here (the test follows no redirect). */
  static final String GITHUB_WEB = "http://127.0.0.1:9";

  @TempDir Path tmp;
  AppRig rig;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void setUp() throws Exception {
    rig = new AppRig(tmp, "bug");
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  @Test
  void everyPageApiAnswerAndLoginPageCarriesTheHeaders() throws Exception {
    Map<String, String> vars = new HashMap<>(rig.openAi());
    vars.put("ACS_GITHUB_CLIENT_ID", "Iv1.5b0c1e2d3f4a5b6c");
    vars.put("ACS_GITHUB_CLIENT_SECRET", "headers-test-client-secret-not-a-real-one");
    vars.put("ACS_PUBLIC_URL", "http://localhost:3000");
    vars.put("ACS_GITHUB_URL", GITHUB_WEB);
    rig.start(vars, Optional.empty());
    ObjectNode user = (ObjectNode) GitHubFixtures.object(GitHubFixtures.REPO).path("owner");
    user.put("login", "Codertocat");
    rig.github.wireMock().stubFor(get(urlPathEqualTo("/user")).atPriority(1)
        .withHeader("Authorization", equalTo("Bearer " + TOKEN)).willReturn(okJson(user.toString())));
    ObjectNode repo = GitHubFixtures.object(GitHubFixtures.REPO);
    repo.put("full_name", AppRig.REPO);
    rig.github.wireMock().stubFor(get(urlPathEqualTo("/repos/" + AppRig.REPO)).atPriority(1)
        .withHeader("Authorization", equalTo("Bearer " + TOKEN)).willReturn(okJson(repo.toString())));
    Task task = rig.tasks().findOrCreate(AppRig.REPO, 1, AppRig.INSTALLATION, "Spelling error in the README file");

    Map<String, Integer> answers = new java.util.LinkedHashMap<>();
    answers.put("/", 200);
    answers.put("/?state=NO_SUCH_STATE", 400);
    answers.put("/tasks/" + task.id(), 200);
    answers.put("/tasks/" + task.id() + "/session", 200);
    answers.put("/tasks/" + UUID.randomUUID(), 404);
    answers.put("/api/v1/tasks", 200);
    answers.put("/api/v1/tasks/" + task.id(), 200);
    answers.put("/api/v1/tasks/" + UUID.randomUUID(), 404);
    answers.put("/api/v1/openapi.json", 200);
    answers.put("/no/such/page", 404);
    for (Map.Entry<String, Integer> e : answers.entrySet()) {
      HttpResponse<String> r = send(request(e.getKey()).header("Authorization", "Bearer " + TOKEN).GET());
      assertThat(r.statusCode()).as(e.getKey()).isEqualTo(e.getValue());
      assertProtected(e.getKey(), r.headers());
    }

    // Without a login: the pages send the browser to the login, the API says 401, the login to GitHub.
    assertProtected("/ (not logged in)", status(send(request("/").GET()), 302).headers());
    assertProtected("/api/v1/tasks (no token)", status(send(request("/api/v1/tasks").GET()), 401).headers());
    HttpResponse<String> login = status(send(request("/login").GET()), 302);
    assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith(GITHUB_WEB + "/login/oauth/authorize?"));
    assertProtected("/login", login.headers());
    HttpResponse<String> wrongState = status(send(request("/login/callback?code=x&state=forged").GET()), 400);
    assertProtected("/login/callback", wrongState.headers());
    assertThat(wrongState.body()).contains("<html lang=\"en\">", "/assets/acs.css", "<main id=\"main\">", "This login did not start here");
    HttpResponse<String> logout = status(send(request("/logout").header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("csrf=none"))), 303);
    assertProtected("POST /logout", logout.headers());
    assertProtected("/logged-out", status(send(request("/logged-out").GET()), 200).headers());

    // The policy lets a form posted without a session go on through the login to GitHub.
    assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("form-action 'self' " + GITHUB_WEB + ";");

    // The assets: the same policy, but a browser may keep them a while (they show no task data).
    for (String asset : new String[] {"/assets/acs.css", "/assets/live.js"}) {
      HttpHeaders h = status(send(request(asset).GET()), 200).headers();
      assertThat(h.firstValue("Content-Security-Policy")).as(asset).isPresent();
      assertThat(h.firstValue("X-Content-Type-Options")).as(asset).contains("nosniff");
      assertThat(h.firstValue("Cache-Control")).as(asset).contains("max-age=300");
    }

    assertMachineEndpoints();
  }

  @Test
  void withThePagesOffTheirAnswersCarryTheHeadersToo() throws Exception {
    rig.start(Map.of());
    assertProtected("/ (pages off)", status(send(request("/").GET()), 200).headers());
    assertProtected("/tasks/{id} (pages off)", status(send(request("/tasks/" + UUID.randomUUID()).GET()), 404).headers());
    assertThat(status(send(request("/").GET()), 200).headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("form-action 'self';");
    assertMachineEndpoints();
  }

  /** Webhooks, health and metrics are for machines: only {@code nosniff}, the rest as it was. */
  private void assertMachineEndpoints() throws Exception {
    Map<String, HttpResponse<String>> machine = new java.util.LinkedHashMap<>();
    machine.put("/healthz", send(request("/healthz").GET()));
    machine.put("/readyz", send(request("/readyz").GET()));
    machine.put("/metrics", send(request("/metrics").GET()));
    machine.put("/webhooks", send(request("/webhooks").header("X-GitHub-Event", "ping").header("X-Hub-Signature-256", "sha256=00")
        .POST(HttpRequest.BodyPublishers.ofString("{}"))));
    for (Map.Entry<String, HttpResponse<String>> e : machine.entrySet()) {
      HttpHeaders h = e.getValue().headers();
      assertThat(h.firstValue("X-Content-Type-Options")).as(e.getKey()).contains("nosniff");
      assertThat(h.firstValue("Content-Security-Policy")).as(e.getKey()).isEmpty();
      assertThat(h.firstValue("Cache-Control")).as(e.getKey()).isEmpty();
      assertThat(h.firstValue("Referrer-Policy")).as(e.getKey()).isEmpty();
    }
    assertThat(machine.get("/webhooks").statusCode()).isEqualTo(401);
  }

  private static void assertProtected(String what, HttpHeaders h) {
    assertThat(h.firstValue("Content-Security-Policy")).as(what).hasValueSatisfying(csp -> assertThat(csp).contains(
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "frame-ancestors 'none'",
        "form-action 'self'", "base-uri 'none'").doesNotContain("unsafe"));
    assertThat(h.firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
    assertThat(h.firstValue("Referrer-Policy")).as(what).contains("same-origin");
    assertThat(h.firstValue("Cache-Control")).as(what).contains("no-store");
  }

  private static HttpResponse<String> status(HttpResponse<String> r, int expected) {
    assertThat(r.statusCode()).as(r.uri() + ": " + r.body()).isEqualTo(expected);
    return r;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rig.app.port() + path));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
