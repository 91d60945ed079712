package dev.acs.web.login;

import dev.acs.testing.MutableClock;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.acs.config.Env;
import dev.acs.config.Json;
import dev.acs.task.Database;
import dev.acs.testing.GitHubFixtures;
import dev.acs.testing.TestDatabases;
import dev.acs.web.Viewer;
import dev.acs.web.Visitors;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A real Javalin server with the GitHub login on it, a real H2 database, and two WireMock servers:
 * one for github.com (the OAuth authorize and access_token endpoints) and one for the REST API
 * ({@code /user}, {@code /repos/{owner}/{repo}}). The task pages are not here; a tiny
 * protected route stands in for them: {@code /repo/{owner}/{name}} (a page: not logged in →
 * redirect to the login) and {@code /api/repo/{owner}/{name}} (the API: not logged in → 401),
 * each 404 unless the viewer can read the repository.
 */
final class LoginRig implements AutoCloseable {
  static final String CLIENT_ID = "Iv1.8a61f9b3a7aba766";
  static final String CLIENT_SECRET = "test-client-secret-not-a-real-one";
  static final String CODE = "login-code-from-github";

  final WireMockServer github = new WireMockServer(options().dynamicPort());
  final WireMockServer api = new WireMockServer(options().dynamicPort());
  final Database db = TestDatabases.h2();
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
  final Javalin server;
  final Visitors visitors;
  final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
      .followRedirects(HttpClient.Redirect.NEVER).build();

  LoginRig(Map<String, String> extraEnv) {
    github.start();
    api.start();
    server = Javalin.create().start("127.0.0.1", 0);
    Map<String, String> vars = new HashMap<>();
    vars.put("ACS_GITHUB_CLIENT_ID", CLIENT_ID);
    vars.put("ACS_GITHUB_CLIENT_SECRET", CLIENT_SECRET);
    vars.put("ACS_PUBLIC_URL", base());
    vars.put("ACS_GITHUB_URL", github.baseUrl());
    vars.put("GITHUB_API_URL", api.baseUrl());
    vars.putAll(extraEnv);
    visitors = new GitHubVisitors(LoginSettings.fromEnv(new Env(vars)).orElseThrow(), db.dataSource(), clock);
    visitors.addRoutes(server);
    server.get("/repo/{owner}/{name}", ctx -> page(ctx, false));
    server.get("/api/repo/{owner}/{name}", ctx -> page(ctx, true));
    server.get("/whoami", ctx -> visitors.identify(ctx).ifPresentOrElse(
        v -> ctx.json(Map.of("login", v.login(), "admin", v.admin(), "csrf", v.csrfToken())), () -> ctx.status(401)));
    // github.com's authorize page, for a person who already authorized the App: straight back to
    // the callback with a code and the state it was given (GitHub's documented behaviour).
    github.stubFor(get(urlPathEqualTo("/login/oauth/authorize")).willReturn(aResponse().withStatus(302)
        .withHeader("Location", "{{request.query.redirect_uri}}?code=" + CODE + "&state={{request.query.state}}")
        .withTransformers("response-template")));
  }

  private void page(Context ctx, boolean api) {
    Optional<Viewer> viewer = visitors.identify(ctx);
    if (viewer.isEmpty()) {
      if (api) {
        ctx.status(401);
      } else {
        ctx.redirect(visitors.loginPath().orElseThrow() + "?next=" + URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8));
      }
      return;
    }
    String repo = ctx.pathParam("owner") + "/" + ctx.pathParam("name");
    if (!viewer.get().canRead(repo)) {
      ctx.status(404).result("no such task");
      return;
    }
    ctx.result(repo + " for " + viewer.get().login());
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  /**
   * GitHub's token answer. SYNTHETIC: GitHub documents these fields for the web flow's
   * access_token endpoint (no example body is in the fixtures): access_token, token_type, scope,
   * and for expiring user tokens expires_in, refresh_token, refresh_token_expires_in.
   */
  void tokenAnswer(String token, Long expiresIn) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("access_token", token);
    if (expiresIn != null) {
      body.put("expires_in", expiresIn);
      body.put("refresh_token", "ghr_refresh0000000000000000000000000000000000000000000000000000000000000000");
      body.put("refresh_token_expires_in", 15_811_200);
    }
    body.put("scope", "");
    body.put("token_type", "bearer");
    github.stubFor(post(urlPathEqualTo("/login/oauth/access_token"))
        .withHeader("Accept", equalTo("application/json"))
        .withRequestBody(containing("client_id=" + URLEncoder.encode(CLIENT_ID, StandardCharsets.UTF_8)))
        .withRequestBody(containing("client_secret=" + CLIENT_SECRET))
        .withRequestBody(containing("code=" + CODE))
        .willReturn(okJson(body.toString())));
  }

  /** GET /user for this token: the repository fixture's owner (GitHub's simple-user example) with this login. */
  void user(String token, String login) {
    ObjectNode user = (ObjectNode) GitHubFixtures.object(GitHubFixtures.REPO).path("owner");
    user.put("login", login);
    api.stubFor(get(urlPathEqualTo("/user")).withHeader("Authorization", equalTo("Bearer " + token))
        .willReturn(okJson(user.toString())));
  }

  /** GET /repos/{full} for this token: GitHub's documented repository (pull permission) under that name. */
  void readable(String token, String fullName) {
    ObjectNode repo = GitHubFixtures.object(GitHubFixtures.REPO);
    repo.put("full_name", fullName);
    api.stubFor(get(urlPathEqualTo("/repos/" + fullName)).withHeader("Authorization", equalTo("Bearer " + token))
        .willReturn(okJson(repo.toString())));
  }

  /** What GitHub answers for a repository the token's owner cannot see, or any call with a revoked token (SYNTHETIC basic-error bodies). */
  void answers(String token, String path, int status, String message) {
    api.stubFor(get(urlPathEqualTo(path)).withHeader("Authorization", equalTo("Bearer " + token))
        .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
            .withBody(GitHubFixtures.basicError(status, message).toString())));
  }

  /** The whole login, as a browser does it: page → /login → github.com → callback → page. */
  HttpResponse<String> logInAndOpen(String path) {
    HttpResponse<String> page = send(path);
    for (int hop = 0; hop < 5 && page.statusCode() / 100 == 3; hop++) {
      page = send(page.headers().firstValue("Location").orElseThrow());
    }
    return page;
  }

  HttpResponse<String> send(String pathOrUrl) {
    return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET().build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return browser.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  URI uri(String pathOrUrl) {
    return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base() + pathOrUrl);
  }

  @Override
  public void close() {
    server.stop();
    db.close();
    try {
      if (!github.findAllUnmatchedRequests().isEmpty() || !api.findAllUnmatchedRequests().isEmpty()) {
        throw new AssertionError("requests GitHub stand-ins did not expect: " + github.findAllUnmatchedRequests()
            + api.findAllUnmatchedRequests());
      }
    } finally {
      github.stop();
      api.stop();
    }
  }

  /** A clock the test moves forward (an instance handed to the code under test; nothing static). */}
