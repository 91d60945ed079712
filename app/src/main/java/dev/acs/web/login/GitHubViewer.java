package dev.acs.web.login;

import dev.acs.github.UserToken;
import dev.acs.web.Viewer;

/**
 * A person logged in with GitHub (by session or bearer token). Admins read everything; everyone
 * else reads what GitHub says their own token can read. A token GitHub calls revoked ends the
 * session ({@code onRevoked}) and answers no.
 */
final class GitHubViewer implements Viewer {
  private final String login;
  private final boolean admin;
  private final UserToken token;
  private final String csrfToken;
  private final ReadAccess access;
  private final Runnable onRevoked;

  GitHubViewer(String login, boolean admin, UserToken token, String csrfToken, ReadAccess access, Runnable onRevoked) {
    this.login = login;
    this.admin = admin;
    this.token = token;
    this.csrfToken = csrfToken;
    this.access = access;
    this.onRevoked = onRevoked;
  }

  @Override
  public String login() {
    return login;
  }

  @Override
  public boolean admin() {
    return admin;
  }

  @Override
  public boolean canRead(String repositoryFullName) {
    if (admin) {
      return true;
    }
    ReadAccess.Answer answer = access.canRead(token, repositoryFullName);
    if (answer == ReadAccess.Answer.REVOKED) {
      onRevoked.run();
    }
    return answer == ReadAccess.Answer.READABLE;
  }

  @Override
  public String csrfToken() {
    return csrfToken;
  }

  @Override
  public String toString() {
    return "GitHubViewer[" + login + (admin ? ", admin" : "") + "]";
  }
}
