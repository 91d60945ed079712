package dev.acs.workspace;

import java.util.Locale;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * How ACS talks to a git server: the token goes in per command (preemptive Basic auth as
 * {@code x-access-token}, which saves GitHub's 401 round trip), never into a URL or config; git
 * errors become {@link WorkspaceException}s that say what to do and never contain the token.
 */
final class GitTransport {
  /** Seconds of network silence before a fetch or push gives up. */
  static final int TIMEOUT_SECONDS = 120;

  private GitTransport() {}

  static void authenticate(TransportCommand<?, ?> command, GitRemote remote, AccessToken token) {
    command.setTimeout(TIMEOUT_SECONDS);
    if (!token.isPresent() || "file".equalsIgnoreCase(remote.url().getScheme())) {
      return; // a local repository asks for no credentials, and the token goes nowhere
    }
    if (!remote.mayCarryToken()) {
      throw new WorkspaceException(
          "refusing to send the access token for " + remote.fullName() + " over " + remote.url().getScheme()
              + " to " + remote.url().getHost() + "; use an https URL");
    }
    command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(AccessToken.USER, token.value()));
    command.setTransportConfigCallback(
        transport -> {
          if (transport instanceof TransportHttp http) {
            http.setPreemptiveBasicAuthentication(AccessToken.USER, token.value());
          }
        });
  }

  /** A clear exception for a failed fetch/push/clone; {@code what} is e.g. "push acs/1-x to o/r". */
  static WorkspaceException failure(String what, GitRemote remote, AccessToken token, Exception e) {
    String detail = token.redact(rootMessages(e));
    String lower = detail.toLowerCase(Locale.ROOT);
    if (lower.contains("not authorized") || lower.contains("authentication is required")
        || lower.contains("not permitted") || lower.contains("authentication not supported")) {
      String why = token.isPresent()
          ? "the server refused the access token (expired, revoked, or without contents:write on this repository)"
          : "the server requires authentication and no access token was given";
      return new GitAuthenticationException("cannot " + what + " at " + remote.url() + ": " + why, e);
    }
    if (lower.contains("not found")) {
      return new WorkspaceException(
          "cannot " + what + ": " + remote.url() + " was not found (wrong name, or the token cannot see it): " + detail, e);
    }
    return new WorkspaceException("cannot " + what + " at " + remote.url() + ": " + detail, e);
  }

  private static String rootMessages(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null && out.length() < 2000; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && !out.toString().contains(m)) {
        if (!out.isEmpty()) {
          out.append(": ");
        }
        out.append(m);
      }
    }
    return out.isEmpty() ? e.getClass().getSimpleName() : out.toString();
  }
}
