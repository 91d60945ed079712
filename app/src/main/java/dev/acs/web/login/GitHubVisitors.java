package dev.acs.web.login;

import dev.acs.config.Env;
import dev.acs.github.GitHubException;
import dev.acs.github.GitHubOAuth;
import dev.acs.github.GitHubUsers;
import dev.acs.github.UserToken;
import dev.acs.web.Viewer;
import dev.acs.web.Visitors;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Visitors who log in with GitHub: a session cookie (made by {@link LoginRoutes}) or {@code
 * Authorization: Bearer <GitHub user token>} on the API. Either way GitHub, asked with the person's
 * own token, decides what they can read ({@link ReadAccess}); {@code ACS_ADMINS} read everything.
 * The token behind a session is confirmed with GitHub at most every {@link ReadAccess#TTL}, so a
 * revoked token ends the session at the next check, for admins too.
 */
public final class GitHubVisitors implements Visitors {
  private static final Logger LOG = LoggerFactory.getLogger(GitHubVisitors.class);
  private static final String BEARER = "bearer ";

  private final LoginSettings settings;
  private final SessionStore sessions;
  private final SessionKeys keys;
  private final Cookies cookies;
  private final ReadAccess access;
  private final GitHubOAuth oauth;
  private final Clock clock;

  public GitHubVisitors(LoginSettings settings, DataSource db, Clock clock) {
    this.settings = settings;
    this.sessions = new SessionStore(db);
    this.keys = new SessionKeys(settings.clientSecret());
    this.cookies = new Cookies(settings.secureCookies());
    this.access = new ReadAccess(new GitHubUsers(settings.apiUrl()), clock);
    this.oauth = new GitHubOAuth(settings.githubUrl(), settings.clientId(), settings.clientSecret(), clock);
    this.clock = clock;
  }

  /**
   * The GitHub login when {@code ACS_GITHUB_CLIENT_ID}, {@code ACS_GITHUB_CLIENT_SECRET} and {@code
   * ACS_PUBLIC_URL} are set; empty when none is (then {@code /} says how to turn the pages on: {@code TaskPages.addPagesOff}).
   *
   * @throws dev.acs.config.ConfigException when only some are set, or one is malformed
   */
  public static Optional<Visitors> fromEnv(Env env, DataSource db) {
    return LoginSettings.fromEnv(env).map(s -> new GitHubVisitors(s, db, Clock.systemUTC()));
  }

  @Override
  public Optional<Viewer> identify(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return bearer(authorization.substring(BEARER.length()).trim());
    }
    String id = ctx.cookie(cookies.sessionName());
    return id == null || id.isBlank() ? Optional.empty() : session(id);
  }

  @Override
  public Optional<String> loginPath() {
    return Optional.of(LoginRoutes.LOGIN);
  }

  @Override
  public Optional<String> logoutPath() {
    return Optional.of(LoginRoutes.LOGOUT);
  }

  @Override
  public Optional<String> loginOrigin() {
    java.net.URI web = java.net.URI.create(settings.githubUrl());
    return Optional.of(web.getScheme() + "://" + web.getRawAuthority());
  }

  @Override
  public void addRoutes(Javalin app) {
    new LoginRoutes(this, settings, oauth, keys, cookies, clock).addTo(app);
  }

  private Optional<Viewer> bearer(String value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    UserToken token = new UserToken(value, Optional.empty());
    try {
      return access.identify(token).map(who -> viewer(who.login(), token, keys.csrfToken(value), () -> access.forget(token)));
    } catch (GitHubException e) {
      LOG.warn("cannot check a bearer token with GitHub: {}", e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<Viewer> session(String id) {
    String idHash = SessionKeys.hash(id);
    Instant now = clock.instant();
    Optional<SessionStore.Row> row = sessions.find(idHash, now);
    if (row.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> opened = keys.open(row.get().tokenSealed(), idHash);
    if (opened.isEmpty()) {
      sessions.delete(idHash); // sealed under another client secret: unusable
      return Optional.empty();
    }
    // The session never outlives its token, so the row's expiry is the token's bound as well.
    UserToken token = new UserToken(opened.get(), Optional.of(row.get().expiresAt()));
    Runnable end = () -> {
      sessions.delete(idHash);
      access.forget(token);
    };
    try {
      if (access.identify(token).isEmpty()) {
        end.run();
        return Optional.empty();
      }
    } catch (GitHubException e) {
      // GitHub could not answer: the session is still within its bounds; ask again next time.
      LOG.warn("cannot confirm a session's token with GitHub: {}", e.getMessage());
    }
    return Optional.of(viewer(row.get().login(), token, keys.csrfToken(id), end));
  }

  private Viewer viewer(String login, UserToken token, String csrf, Runnable onRevoked) {
    return new GitHubViewer(login, settings.isAdmin(login), token, csrf, access, onRevoked);
  }

  /** Starts a session for a token GitHub just gave; the cookie's id, which only the browser keeps. */
  String startSession(String login, UserToken token) {
    String id = keys.randomId();
    String idHash = SessionKeys.hash(id);
    Instant now = clock.instant();
    Instant expires = now.plus(settings.sessionLifetime());
    if (token.expiresAt().isPresent() && token.expiresAt().get().isBefore(expires)) {
      expires = token.expiresAt().get();
    }
    sessions.insert(new SessionStore.Row(idHash, login, keys.seal(token.value(), idHash), expires), now);
    return id;
  }

  Instant sessionExpiry(String id) {
    return sessions.find(SessionKeys.hash(id), clock.instant()).map(SessionStore.Row::expiresAt).orElse(clock.instant());
  }

  void endSession(String id) {
    sessions.delete(SessionKeys.hash(id));
  }

  ReadAccess access() {
    return access;
  }
}
