package dev.acs.web.login;

import dev.acs.github.GitHubException;
import dev.acs.github.GitHubOAuth;
import dev.acs.github.GitHubUsers;
import dev.acs.github.UserToken;
import dev.acs.web.Templates;
import dev.acs.web.Viewer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /login} (off to GitHub with a fresh {@code state}), {@code GET /login/callback}
 * (back from GitHub: check the state, trade the code, start a session), {@code POST /logout}
 * (with the CSRF token, as form field {@value #CSRF_FIELD} or header {@value #CSRF_HEADER}; answered
 * with a redirect, so reloading the page does not post again) and {@code GET /logged-out}. Their
 * pages use the site's layout; the headers ({@code Cache-Control: no-store} among them) come from
 * {@code dev.acs.web.SecurityHeaders}.
 */
final class LoginRoutes {
  static final String LOGIN = "/login";
  static final String LOGOUT = "/logout";
  static final String LOGGED_OUT = "/logged-out";
  static final String CSRF_FIELD = "csrf";
  static final String CSRF_HEADER = "X-CSRF-Token";
  private static final Logger LOG = LoggerFactory.getLogger(LoginRoutes.class);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final GitHubVisitors visitors;
  private final LoginSettings settings;
  private final GitHubOAuth oauth;
  private final SessionKeys keys;
  private final Cookies cookies;
  private final Clock clock;

  LoginRoutes(GitHubVisitors visitors, LoginSettings settings, GitHubOAuth oauth, SessionKeys keys, Cookies cookies,
      Clock clock) {
    this.visitors = visitors;
    this.settings = settings;
    this.oauth = oauth;
    this.keys = keys;
    this.cookies = cookies;
    this.clock = clock;
  }

  void addTo(Javalin app) {
    app.get(LOGIN, this::login);
    app.get(LoginSettings.CALLBACK_PATH, this::callback);
    app.post(LOGOUT, this::logout);
    app.get(LOGGED_OUT, ctx -> page(ctx, HttpStatus.OK, "Logged out", "You are logged out of ACS. (You stay logged in on GitHub.)",
        "Log in again"));
  }

  private void login(Context ctx) {
    String state = keys.randomId();
    String next = safeNext(ctx.queryParam("next"));
    // The state cookie carries where to go afterwards; only a path on this server is accepted.
    cookies.setState(ctx, state + "." + B64.encodeToString(next.getBytes(StandardCharsets.UTF_8)));
    ctx.redirect(oauth.authorizeUrl(settings.callbackUrl(), state).toString(), HttpStatus.FOUND);
  }

  private void callback(Context ctx) {
    String cookie = ctx.cookie(cookies.stateName());
    cookies.clearState(ctx); // one use, whatever happens next
    String error = ctx.queryParam("error");
    if (error != null) {
      page(ctx, HttpStatus.FORBIDDEN, "GitHub did not log you in",
          "GitHub answered: " + Optional.ofNullable(ctx.queryParam("error_description")).orElse(error) + ".");
      return;
    }
    String state = ctx.queryParam("state");
    int dot = cookie == null ? -1 : cookie.indexOf('.');
    if (state == null || dot < 0 || !SessionKeys.same(state, cookie.substring(0, dot))) {
      page(ctx, HttpStatus.BAD_REQUEST, "This login did not start here",
          "The answer from GitHub does not belong to a login started in this browser in the last "
              + Cookies.STATE_LIFETIME.toMinutes() + " minutes (its state does not match). Nothing was changed."
              // The usual innocent cause: ACS opened at another address (127.0.0.1 for localhost), whose
              // cookie the browser does not send to the address GitHub returns to.
              + " If you opened ACS at another address than " + settings.publicUrl() + ", log in from there.");
      return;
    }
    String code = ctx.queryParam("code");
    if (code == null || code.isBlank()) {
      page(ctx, HttpStatus.BAD_REQUEST, "GitHub sent no login code", "Start the login again.");
      return;
    }
    UserToken token;
    GitHubUsers.Identity who;
    try {
      token = oauth.exchange(code, settings.callbackUrl());
      Optional<GitHubUsers.Identity> known = visitors.access().identify(token);
      if (known.isEmpty()) {
        page(ctx, HttpStatus.BAD_GATEWAY, "GitHub did not accept its own token", "Start the login again.");
        return;
      }
      who = known.get();
    } catch (GitHubException e) {
      LOG.warn("login failed: {}", e.getMessage());
      page(ctx, HttpStatus.BAD_GATEWAY, "GitHub refused the login", e.getMessage());
      return;
    }
    String previous = ctx.cookie(cookies.sessionName());
    if (previous != null && !previous.isBlank()) {
      visitors.endSession(previous); // logging in again replaces the browser's session, it does not add one
    }
    String id = visitors.startSession(who.login(), token);
    Duration left = Duration.between(clock.instant(), visitors.sessionExpiry(id));
    cookies.setSession(ctx, id, left.isNegative() ? Duration.ZERO : left);
    LOG.info("{} logged in with GitHub", who.login());
    ctx.redirect(next(cookie.substring(dot + 1)), HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) {
    String id = ctx.cookie(cookies.sessionName());
    Optional<Viewer> viewer = visitors.identify(ctx);
    if (id != null && viewer.isPresent()) {
      String given = Optional.ofNullable(ctx.formParam(CSRF_FIELD)).orElse(ctx.header(CSRF_HEADER));
      if (!SessionKeys.same(given, viewer.get().csrfToken())) {
        // Still logged in: the way on is back to the pages, not to the login.
        Templates.loginMessage(ctx, HttpStatus.FORBIDDEN.getCode(), "Not logged out", "The form did not carry this session's CSRF token.",
            "/", "Back to the tasks");
        return;
      }
      visitors.endSession(id);
    }
    cookies.clearSession(ctx);
    ctx.redirect(LOGGED_OUT, HttpStatus.SEE_OTHER);
  }

  private static String safeNext(String next) {
    // A path on this server only: "//host" and "/\host" would leave it.
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.length() > 500
        || next.chars().anyMatch(ch -> ch < 0x20)) {
      return "/";
    }
    return next;
  }

  private static String next(String encoded) {
    try {
      return safeNext(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return "/";
    }
  }

  private static void page(Context ctx, HttpStatus status, String title, String message) {
    page(ctx, status, title, message, "Log in with GitHub");
  }

  private static void page(Context ctx, HttpStatus status, String title, String message, String loginText) {
    Templates.loginMessage(ctx, status.getCode(), title, message, LOGIN, loginText);
  }
}
