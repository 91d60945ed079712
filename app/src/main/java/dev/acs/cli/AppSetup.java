package dev.acs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.acs.config.Json;
import dev.acs.github.AppManifests;
import dev.acs.github.GitHubException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub's App manifest flow, as Probot runs it: a page on this machine posts ACS's manifest to
 * GitHub; the person confirms there; GitHub redirects back with a one-time code, which is traded
 * for the App's id, private key and webhook secret; those go into a {@code .env} file readable by
 * the owner only. The {@code state} parameter ties the redirect to this page (checked in constant
 * time), so another site cannot push its own App's code into this setup.
 */
final class AppSetup implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AppSetup.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The webhook events ACS handles (docs/github-app.md). */
  static final List<String> EVENTS = List.of(
      "issues", "issue_comment", "pull_request", "pull_request_review", "pull_request_review_comment",
      "check_run", "check_suite", "workflow_run");

  /** Repository permissions; actions: write lets ACS re-run failed jobs. */
  static final Map<String, String> PERMISSIONS = permissions();

  /** Settings of one run of {@code acs setup}. */
  record Settings(String appName, String webhookUrl, String organization, String githubUrl, String apiUrl, Path envFile, int port) {}

  private final Settings settings;
  private final String state;
  private final Javalin server;
  private final CompletableFuture<AppManifests.CreatedApp> created = new CompletableFuture<>();

  private AppSetup(Settings settings) {
    this.settings = settings;
    byte[] random = new byte[24];
    RANDOM.nextBytes(random);
    this.state = HexFormat.of().formatHex(random);
    this.server = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.startupWatcherEnabled = false;
    });
    server.get("/", this::page);
    server.get("/callback", this::callback);
  }

  /** Serves the page on 127.0.0.1 (port 0: any free port). */
  static AppSetup start(Settings settings) {
    AppSetup setup = new AppSetup(settings);
    setup.server.start("127.0.0.1", settings.port());
    return setup;
  }

  int port() {
    return server.port();
  }

  String url() {
    return "http://127.0.0.1:" + port() + "/";
  }

  /** Completes when the App was created and written to the .env file. */
  CompletableFuture<AppManifests.CreatedApp> created() {
    return created;
  }

  /** The manifest GitHub creates the App from. */
  Map<String, Object> manifest() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", settings.appName());
    java.net.URI hook = java.net.URI.create(settings.webhookUrl());
    m.put("url", hook.getScheme() + "://" + hook.getAuthority()); // the App's homepage: where ACS runs
    m.put("description", "ACS turns labeled issues into pull requests and keeps them green.");
    m.put("hook_attributes", Map.of("url", settings.webhookUrl(), "active", true));
    m.put("redirect_url", "http://127.0.0.1:" + port() + "/callback");
    // "Login with GitHub" on ACS's pages comes back here (see docs/dashboard.md).
    m.put("callback_urls", java.util.List.of(hook.getScheme() + "://" + hook.getAuthority() + "/login/callback"));
    m.put("public", false);
    m.put("default_permissions", PERMISSIONS);
    m.put("default_events", EVENTS);
    return m;
  }

  /** Where the page posts the manifest: the person's account, or an organisation's. */
  String formAction() {
    String base = settings.githubUrl().endsWith("/") ? settings.githubUrl().substring(0, settings.githubUrl().length() - 1) : settings.githubUrl();
    String where = settings.organization() == null ? "/settings/apps/new" : "/organizations/" + settings.organization() + "/settings/apps/new";
    return base + where + "?state=" + state;
  }

  private void page(Context ctx) throws JsonProcessingException {
    String manifest = Json.MAPPER.writeValueAsString(manifest());
    ctx.contentType("text/html; charset=utf-8").result("""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Set up ACS as a GitHub App</title></head>
        <body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
        <h1>Set up ACS as a GitHub App</h1>
        <p>GitHub will create a private App named <strong>%s</strong> %s with these repository permissions:
        contents, issues, pull requests, checks and actions (write), metadata (read); webhooks go to
        <code>%s</code>. You confirm on GitHub; then ACS writes the App's id, private key and webhook secret
        to <code>%s</code> (readable by you only).</p>
        <form action="%s" method="post">
          <input type="hidden" name="manifest" value="%s">
          <button type="submit">Create the GitHub App on GitHub</button>
        </form>
        </body></html>
        """.formatted(
            html(settings.appName()),
            settings.organization() == null ? "on your account" : "in the organisation " + html(settings.organization()),
            html(settings.webhookUrl()),
            html(settings.envFile().toAbsolutePath().toString()),
            html(formAction()),
            html(manifest)));
  }

  private void callback(Context ctx) {
    String given = ctx.queryParam("state");
    if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))) {
      ctx.status(400).contentType("text/html; charset=utf-8")
          .result(message("This redirect does not belong to this setup (its state does not match). Start again from " + url()));
      return;
    }
    if (created.isDone()) {
      ctx.status(409).contentType("text/html; charset=utf-8").result(message("The App was created already."));
      return;
    }
    AppManifests.CreatedApp app;
    try {
      app = AppManifests.convert(settings.apiUrl(), ctx.queryParam("code"));
    } catch (GitHubException e) {
      log.warn("App manifest conversion failed: {}", e.getMessage());
      ctx.status(502).contentType("text/html; charset=utf-8").result(message(e.getMessage()));
      return;
    }
    try {
      DotEnv.update(settings.envFile(), withLogin(values(app), app, settings.webhookUrl()));
    } catch (IOException e) {
      // The App exists on GitHub now; say where its settings are so nothing is lost.
      String why = "GitHub created the App " + app.slug() + " (id " + app.id() + "), but " + settings.envFile() + " could not be written: "
          + e.getMessage() + ". Generate a new private key and webhook secret on " + app.htmlUrl() + " to finish by hand.";
      ctx.status(500).contentType("text/html; charset=utf-8").result(message(why));
      created.completeExceptionally(new UserError(why));
      return;
    }
    ctx.contentType("text/html; charset=utf-8").result(message(
        "The App " + app.name() + " (id " + app.id() + ") is created and its settings are in " + settings.envFile().toAbsolutePath()
            + ". Next: install it on your repositories at " + app.htmlUrl() + "/installations/new, then start acs serve."));
    created.complete(app);
  }

  static Map<String, String> values(AppManifests.CreatedApp app) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("GITHUB_APP_ID", Long.toString(app.id()));
    v.put("ACS_APP_SLUG", app.slug());
    v.put("GITHUB_APP_PRIVATE_KEY", app.pem());
    if (app.webhookSecret() != null && !app.webhookSecret().isBlank()) {
      v.put("ACS_WEBHOOK_SECRET", app.webhookSecret());
    }
    return v;
  }

  /**
   * The App's OAuth client turns on "Login with GitHub" (and the web pages) with ACS_PUBLIC_URL, the
   * address of the webhook URL. All three or none: with only some set, acs serve would not start;
   * and a public address over plain http is refused (cookies would travel unencrypted) unless local.
   */
  static Map<String, String> withLogin(Map<String, String> values, AppManifests.CreatedApp app, String webhookUrl) {
    java.net.URI hook = java.net.URI.create(webhookUrl);
    boolean local = "localhost".equalsIgnoreCase(hook.getHost()) || "127.0.0.1".equals(hook.getHost());
    if (app.clientId().isBlank() || app.clientSecret().isBlank() || !("https".equalsIgnoreCase(hook.getScheme()) || local)) {
      return values;
    }
    Map<String, String> v = new LinkedHashMap<>(values);
    v.put("ACS_GITHUB_CLIENT_ID", app.clientId());
    v.put("ACS_GITHUB_CLIENT_SECRET", app.clientSecret());
    v.put("ACS_PUBLIC_URL", hook.getScheme() + "://" + hook.getAuthority());
    return v;
  }

  private static String message(String text) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>ACS setup</title></head>"
        + "<body style=\"font-family: sans-serif; max-width: 40em; margin: 3em auto\"><p>" + html(text) + "</p></body></html>";
  }

  static String html(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static Map<String, String> permissions() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("contents", "write");
    p.put("issues", "write");
    p.put("pull_requests", "write");
    p.put("checks", "write");
    p.put("actions", "write");
    p.put("metadata", "read");
    return p;
  }

  @Override
  public void close() {
    server.stop();
  }
}
