package dev.acs.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;

/**
 * The headers every page and API answer carries, set in one {@code before} handler so that no
 * route can forget them. The pages load only this server's own CSS and {@code live.js} (no inline
 * script or style), so the policy allows nothing else; they may not be framed (clickjacking on
 * the Stop/Approve buttons) and send no referrer to other sites (task ids in the path). What
 * shows task data is never stored by a browser or a proxy; the assets set their own {@code
 * Cache-Control} after this. The machine endpoints (webhooks, health, metrics) get only {@code
 * nosniff}: their clients are not browsers.
 */
public final class SecurityHeaders {
  static final Set<String> MACHINE_PATHS = Set.of("/webhooks", "/healthz", "/readyz", "/metrics");

  private final String policy;

  /**
   * @param loginOrigin where the login sends the browser (GitHub's web origin): a form posted
   *     without a session is redirected to the login and on to it, and {@code form-action} covers
   *     the redirects of a form submission too
   */
  SecurityHeaders(Optional<String> loginOrigin) {
    this.policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
        + "form-action 'self'" + loginOrigin.map(o -> " " + o).orElse("") + "; base-uri 'none'";
  }

  void addTo(Javalin app) {
    app.before(this::apply);
  }

  /** The {@code Content-Security-Policy} of the pages. */
  String policy() {
    return policy;
  }

  private void apply(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    if (MACHINE_PATHS.contains(ctx.path())) {
      return;
    }
    ctx.header("Content-Security-Policy", policy);
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Cache-Control", "no-store");
  }
}
