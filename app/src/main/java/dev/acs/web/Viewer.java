package dev.acs.web;

/**
 * Who is looking at a page or calling the API. Every page and API answer is filtered through
 * {@link #canRead}: a task whose repository the viewer cannot read on GitHub does not exist for
 * them (404, left out of lists), so nobody sees through ACS what GitHub would not show them.
 */
public interface Viewer {
  /** The GitHub login, or a fixed name such as {@code "local"} for the loopback demo server. */
  String login();

  /** True for {@code ACS_ADMINS} and the loopback demo server: every repository is readable. */
  boolean admin();

  /**
   * Whether GitHub says, with this viewer's own token, that they can read {@code owner/name}.
   * Implementations cache the answer for minutes, never longer than the token lives; a revoked
   * token loses access at the next check that is not answered from the cache.
   */
  boolean canRead(String repositoryFullName);

  /** The token a form must send back (CSRF); bound to the session, never the same for two sessions. */
  String csrfToken();
}
