package dev.acs.web.login;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Login with GitHub end to end: a real server, a real database, WireMock for github.com and its API. */
class GitHubLoginTest {
  private static final String TOKEN = "ghu_16C7e42F292c6912E7710c838347Ae178B4a";
  private static final String READABLE = "octocat/Hello-World";
  private static final String HIDDEN = "octo-org/secret-plans";

  private LoginRig rig;

  @AfterEach
  void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  private LoginRig start(Map<String, String> env) {
    rig = new LoginRig(env);
    return rig;
  }

  private LoginRig loggedInAs(String login, Long expiresIn, Map<String, String> env) {
    LoginRig r = start(env);
    r.tokenAnswer(TOKEN, expiresIn);
    r.user(TOKEN, login);
    r.readable(TOKEN, READABLE);
    r.answers(TOKEN, "/repos/" + HIDDEN, 404, "Not Found");
    assertThat(r.logInAndOpen("/repo/" + READABLE).body()).isEqualTo(READABLE + " for " + login);
    return r;
  }

  @Test
  void aVisitorLogsInWithGitHubAndSeesOnlyWhatGitHubLetsThemRead() throws Exception {
    LoginRig r = start(Map.of());
    r.tokenAnswer(TOKEN, 28_800L);
    r.user(TOKEN, "octocat");
    r.readable(TOKEN, READABLE);
    r.answers(TOKEN, "/repos/" + HIDDEN, 404, "Not Found");

    HttpResponse<String> page = r.send("/repo/" + READABLE);
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location")).contains("/login?next=%2Frepo%2F" + "octocat%2FHello-World");

    HttpResponse<String> login = r.send(page.headers().firstValue("Location").orElseThrow());
    assertThat(login.statusCode()).isEqualTo(302);
    URI authorize = URI.create(login.headers().firstValue("Location").orElseThrow());
    assertThat(authorize.toString()).startsWith(r.github.baseUrl() + "/login/oauth/authorize?");
    Map<String, String> q = query(authorize);
    assertThat(q).containsEntry("client_id", LoginRig.CLIENT_ID).containsEntry("redirect_uri", r.base() + "/login/callback");
    assertThat(q.get("state")).hasSizeGreaterThanOrEqualTo(40);
    String preLogin = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(preLogin).startsWith("acs_login=" + q.get("state") + ".").contains("HttpOnly", "SameSite=Lax", "Max-Age=600");

    HttpResponse<String> fromGitHub = r.send(authorize.toString());
    HttpResponse<String> callback = r.send(fromGitHub.headers().firstValue("Location").orElseThrow());
    assertThat(callback.statusCode()).isEqualTo(303);
    assertThat(callback.headers().firstValue("Location")).contains("/repo/" + READABLE);
    String session = callback.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("acs_session=")).findFirst().orElseThrow();
    assertThat(session).contains("HttpOnly", "SameSite=Lax", "Path=/").doesNotContain("Secure");
    assertThat(maxAge(session)).isEqualTo(Duration.ofHours(8).toSeconds());
    r.github.verify(1, postRequestedFor(urlPathEqualTo("/login/oauth/access_token")));

    assertThat(r.send("/repo/" + READABLE).body()).isEqualTo(READABLE + " for octocat");
    HttpResponse<String> hidden = r.send("/repo/" + HIDDEN);
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(r.send("/api/repo/" + HIDDEN).statusCode()).isEqualTo(404);

    // The database has the id's hash and a sealed token, never the cookie's id or the token itself.
    String id = session.substring("acs_session=".length(), session.indexOf(';'));
    List<String> row = onlySessionRow(r);
    assertThat(row.get(0)).isEqualTo(SessionKeys.hash(id)).isNotEqualTo(id);
    assertThat(row.get(1)).isEqualTo("octocat");
    assertThat(row.get(2)).doesNotContain(TOKEN).doesNotContain(TOKEN.substring(4, 20));

    // GitHub was asked once per repository within five minutes, and again after.
    assertThat(r.send("/repo/" + READABLE).statusCode()).isEqualTo(200);
    r.api.verify(1, getRequestedFor(urlPathEqualTo("/repos/" + READABLE)));
    r.clock.advance(Duration.ofMinutes(6));
    assertThat(r.send("/repo/" + READABLE).statusCode()).isEqualTo(200);
    r.api.verify(2, getRequestedFor(urlPathEqualTo("/repos/" + READABLE)));
  }

  @Test
  void aCallbackWithAWrongOrMissingStateShowsAnErrorAndStartsNoSession() throws Exception {
    LoginRig r = start(Map.of());
    r.tokenAnswer(TOKEN, null);
    r.user(TOKEN, "octocat");
    String authorize = r.send("/login").headers().firstValue("Location").orElseThrow();
    String state = query(URI.create(authorize)).get("state");

    HttpResponse<String> wrong = r.send("/login/callback?code=" + LoginRig.CODE + "&state=" + state + "x");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("This login did not start here");
    assertThat(wrong.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("acs_session="));

    // The pre-login cookie is spent: even the right state does not work a second time.
    HttpResponse<String> replay = r.send("/login/callback?code=" + LoginRig.CODE + "&state=" + state);
    assertThat(replay.statusCode()).isEqualTo(400);
    r.send("/login");
    assertThat(r.send("/login/callback?code=" + LoginRig.CODE).statusCode()).isEqualTo(400);

    r.github.verify(0, postRequestedFor(urlPathEqualTo("/login/oauth/access_token")));
    assertThat(sessionRows(r)).isZero();
    assertThat(r.send("/whoami").statusCode()).isEqualTo(401);
  }

  @Test
  void gitHubRefusingTheCodeShowsWhyAndStartsNoSession() throws Exception {
    LoginRig r = start(Map.of());
    // GitHub answers a bad code with 200 and an error object (documented for the web flow). SYNTHETIC body.
    r.github.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/login/oauth/access_token"))
        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
            "{\"error\":\"bad_verification_code\",\"error_description\":\"The code passed is incorrect or expired.\","
                + "\"error_uri\":\"https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code\"}")));
    HttpResponse<String> page = r.logInAndOpen("/repo/" + READABLE);
    assertThat(page.statusCode()).isEqualTo(502);
    assertThat(page.body()).contains("The code passed is incorrect or expired").doesNotContain(LoginRig.CLIENT_SECRET);
    assertThat(sessionRows(r)).isZero();
  }

  @Test
  void aForgedSessionCookieIsNotLoggedIn() throws Exception {
    LoginRig r = loggedInAs("octocat", null, Map.of());
    String forged = "acs_session=" + new SessionKeys("another secret").randomId();
    HttpRequest request = HttpRequest.newBuilder(r.uri("/repo/" + READABLE)).header("Cookie", forged).GET().build();
    HttpResponse<String> page = rigWithoutCookies(r, request);
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location").orElseThrow()).startsWith("/login");
    // The real session's stored hash, presented as a cookie, is not a session either.
    String hash = onlySessionRow(r).get(0);
    HttpRequest withHash = HttpRequest.newBuilder(r.uri("/api/repo/" + READABLE)).header("Cookie", "acs_session=" + hash).GET().build();
    assertThat(rigWithoutCookies(r, withHash).statusCode()).isEqualTo(401);
  }

  @Test
  void aSessionEndsWithTheGitHubTokenItWasMadeWith() throws Exception {
    LoginRig r = loggedInAs("octocat", 3_600L, Map.of());
    assertThat(r.send("/repo/" + READABLE).statusCode()).isEqualTo(200);
    r.clock.advance(Duration.ofMinutes(61));
    HttpResponse<String> page = r.send("/repo/" + READABLE);
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location").orElseThrow()).startsWith("/login?next=");
  }

  @Test
  void aSessionEndsAfterItsLifetimeEvenWithATokenThatDoesNotExpire() throws Exception {
    LoginRig r = loggedInAs("octocat", null, Map.of("ACS_SESSION_HOURS", "2"));
    r.clock.advance(Duration.ofMinutes(119));
    assertThat(r.send("/repo/" + READABLE).statusCode()).isEqualTo(200);
    r.clock.advance(Duration.ofMinutes(2));
    assertThat(r.send("/repo/" + READABLE).statusCode()).isEqualTo(302);
  }

  @Test
  void aRevokedTokenLosesAccessAtTheNextCheck() throws Exception {
    LoginRig r = loggedInAs("octocat", null, Map.of());
    // The person revokes ACS on GitHub: every call with the token now answers 401.
    r.api.resetAll();
    r.answers(TOKEN, "/user", 401, "Bad credentials");
    r.answers(TOKEN, "/repos/" + READABLE, 401, "Bad credentials");
    r.answers(TOKEN, "/repos/octocat/other", 401, "Bad credentials");

    // Cached answers stand for at most five minutes; the first check GitHub answers ends the session.
    assertThat(r.send("/repo/octocat/other").statusCode()).isEqualTo(404);
    assertThat(sessionRows(r)).isZero();
    assertThat(r.send("/repo/" + READABLE).statusCode()).isEqualTo(302);
  }

  @Test
  void aRevokedTokenEndsTheSessionWhenItIsNextConfirmedEvenForAnAdmin() throws Exception {
    LoginRig r = loggedInAs("octocat", null, Map.of("ACS_ADMINS", "hubot, OctoCat"));
    r.api.resetAll();
    r.answers(TOKEN, "/user", 401, "Bad credentials");
    assertThat(r.send("/repo/" + HIDDEN).statusCode()).isEqualTo(200); // confirmed less than five minutes ago
    r.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    assertThat(r.send("/repo/" + HIDDEN).statusCode()).isEqualTo(302);
    assertThat(sessionRows(r)).isZero();
  }

  @Test
  void anAdminReadsEveryRepositoryWithoutAskingGitHub() throws Exception {
    LoginRig r = loggedInAs("octocat", null, Map.of("ACS_ADMINS", "hubot, OctoCat"));
    assertThat(r.send("/repo/" + HIDDEN).body()).isEqualTo(HIDDEN + " for octocat");
    assertThat(r.send("/repo/someone/else").statusCode()).isEqualTo(200);
    r.api.verify(0, getRequestedFor(urlPathEqualTo("/repos/" + HIDDEN)));
    JsonNode me = Json.MAPPER.readTree(r.send("/whoami").body());
    assertThat(me.path("admin").asBoolean()).isTrue();
  }

  @Test
  void theApiTakesAGitHubTokenAsBearerWithTheSameRule() throws Exception {
    LoginRig r = start(Map.of());
    String other = "ghu_bearerToken0000000000000000000000000";
    r.user(other, "monalisa");
    r.readable(other, READABLE);
    r.answers(other, "/repos/" + HIDDEN, 404, "Not Found");
    r.answers("ghu_revoked000000000000000000000000000000", "/user", 401, "Bad credentials");

    assertThat(api(r, "/api/repo/" + READABLE, other).body()).isEqualTo(READABLE + " for monalisa");
    assertThat(api(r, "/api/repo/" + HIDDEN, other).statusCode()).isEqualTo(404);
    assertThat(api(r, "/api/repo/" + READABLE, other).statusCode()).isEqualTo(200);
    r.api.verify(1, getRequestedFor(urlPathEqualTo("/user"))); // who it is: asked once, then remembered by the token's hash
    r.api.verify(1, getRequestedFor(urlPathEqualTo("/repos/" + READABLE)));

    assertThat(api(r, "/api/repo/" + READABLE, "ghu_revoked000000000000000000000000000000").statusCode()).isEqualTo(401);
    assertThat(r.send("/api/repo/" + READABLE).statusCode()).isEqualTo(401);
    assertThat(sessionRows(r)).isZero();
  }

  @Test
  void logoutNeedsTheSessionsCsrfTokenAndEndsTheSession() throws Exception {
    LoginRig r = loggedInAs("octocat", null, Map.of());
    String csrf = Json.MAPPER.readTree(r.send("/whoami").body()).path("csrf").asText();
    assertThat(csrf).isNotBlank();

    HttpResponse<String> without = r.send(logout(r, "csrf=" + csrf.substring(1)));
    assertThat(without.statusCode()).isEqualTo(403);
    assertThat(without.body()).contains("Not logged out", "Back to the tasks");
    assertThat(r.send("/repo/" + READABLE).statusCode()).isEqualTo(200);

    // Answered with a redirect to a page of its own, so that reloading it does not post again.
    HttpResponse<String> out = r.send(logout(r, "csrf=" + csrf));
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Location")).contains("/logged-out");
    assertThat(out.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("acs_session=;") && c.contains("Max-Age=0"));
    HttpResponse<String> page = r.send("/logged-out");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<h1>Logged out</h1>", "<html lang=\"en\">", "/assets/acs.css", "<main id=\"main\">");
    assertThat(sessionRows(r)).isZero();
    assertThat(r.send("/repo/" + READABLE).statusCode()).isEqualTo(302);
  }

  @Test
  void loggingInAgainReplacesTheSessionAndItsCsrfToken() throws Exception {
    LoginRig r = loggedInAs("octocat", null, Map.of());
    String first = Json.MAPPER.readTree(r.send("/whoami").body()).path("csrf").asText();
    r.logInAndOpen("/login");
    String second = Json.MAPPER.readTree(r.send("/whoami").body()).path("csrf").asText();
    assertThat(second).isNotBlank().isNotEqualTo(first);
    onlySessionRow(r); // the second login replaced the browser's first session
  }

  @Test
  void overHttpsTheCookiesAreSecureAndHostOnly() throws Exception {
    LoginRig r = start(Map.of("ACS_PUBLIC_URL", "https://acs.example.com/"));
    r.tokenAnswer(TOKEN, 28_800L);
    r.user(TOKEN, "octocat");
    HttpResponse<String> login = r.send("/login");
    assertThat(query(URI.create(login.headers().firstValue("Location").orElseThrow())))
        .containsEntry("redirect_uri", "https://acs.example.com/login/callback");
    String preLogin = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(preLogin).startsWith("__Host-acs_login=").contains("; Secure", "HttpOnly", "SameSite=Lax", "Path=/");
    String state = preLogin.substring("__Host-acs_login=".length(), preLogin.indexOf('.'));

    // The browser would send the Secure cookie back over https (a TLS proxy in front of ACS).
    HttpRequest callback = HttpRequest.newBuilder(r.uri("/login/callback?code=" + LoginRig.CODE + "&state=" + state))
        .header("Cookie", preLogin.substring(0, preLogin.indexOf(';'))).GET().build();
    HttpResponse<String> back = rigWithoutCookies(r, callback);
    assertThat(back.statusCode()).isEqualTo(303);
    assertThat(back.headers().allValues("Set-Cookie"))
        .anyMatch(c -> c.startsWith("__Host-acs_session=") && c.contains("; Secure") && c.contains("HttpOnly"));
  }

  @Test
  void noTokenCodeSecretOrSessionIdReachesTheLogs() throws Exception {
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      LoginRig r = loggedInAs("octocat", 28_800L, Map.of());
      r.answers(TOKEN, "/repos/octocat/down", 502, "Server Error"); // GitHub cannot answer: logged, answered no
      assertThat(r.send("/repo/octocat/down").statusCode()).isEqualTo(404);
      r.api.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/user"))
          .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer ghu_unreachable00000000000000000000000000"))
          .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(500)));
      assertThat(api(r, "/api/repo/" + READABLE, "ghu_unreachable00000000000000000000000000").statusCode()).isEqualTo(401);
      String session = r.browser.cookieHandler().map(h -> (java.net.CookieManager) h).orElseThrow()
          .getCookieStore().getCookies().stream().filter(c -> c.getName().equals("acs_session")).findFirst().orElseThrow().getValue();

      assertThat(logs.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
          .anyMatch(m -> m.contains("octocat/down"))
          .noneMatch(m -> m.contains(TOKEN) || m.contains("ghu_unreachable") || m.contains(LoginRig.CODE)
              || m.contains(LoginRig.CLIENT_SECRET) || m.contains(session));
    } finally {
      root.detachAppender(logs);
    }
  }

  private static HttpRequest logout(LoginRig r, String form) {
    return HttpRequest.newBuilder(r.uri("/logout")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
  }

  private static HttpResponse<String> api(LoginRig r, String path, String token) {
    return rigWithoutCookies(r, HttpRequest.newBuilder(r.uri(path)).header("Authorization", "Bearer " + token).GET().build());
  }

  private static HttpResponse<String> rigWithoutCookies(LoginRig r, HttpRequest request) {
    try (java.net.http.HttpClient plain = java.net.http.HttpClient.newBuilder()
        .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build()) {
      return plain.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long maxAge(String cookie) {
    for (String part : cookie.split(";")) {
      if (part.trim().startsWith("Max-Age=")) {
        return Long.parseLong(part.trim().substring("Max-Age=".length()));
      }
    }
    throw new AssertionError("no Max-Age in " + cookie);
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> q = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  private static int sessionRows(LoginRig r) throws SQLException {
    try (Connection c = r.db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM web_sessions")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static List<String> onlySessionRow(LoginRig r) throws SQLException {
    try (Connection c = r.db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id_hash, login, token_sealed FROM web_sessions")) {
      assertThat(rs.next()).isTrue();
      List<String> row = new ArrayList<>(List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
      assertThat(rs.next()).as("only one session").isFalse();
      return row;
    }
  }
}
