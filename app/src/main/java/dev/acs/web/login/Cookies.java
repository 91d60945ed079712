package dev.acs.web.login;

import io.javalin.http.Context;
import java.time.Duration;

/**
 * The login's two cookies, written by hand so every flag is visible: the session ({@code
 * __Host-acs_session} over https, a name the browser only accepts with Secure, Path=/ and no
 * Domain) and the short-lived pre-login cookie that carries the OAuth {@code state}.
 */
final class Cookies {
  static final Duration STATE_LIFETIME = Duration.ofMinutes(10);

  private final boolean secure;

  Cookies(boolean secure) {
    this.secure = secure;
  }

  String sessionName() {
    return secure ? "__Host-acs_session" : "acs_session";
  }

  String stateName() {
    return secure ? "__Host-acs_login" : "acs_login";
  }

  void setSession(Context ctx, String value, Duration maxAge) {
    set(ctx, sessionName(), value, maxAge);
  }

  void clearSession(Context ctx) {
    set(ctx, sessionName(), "", Duration.ZERO);
  }

  void setState(Context ctx, String value) {
    set(ctx, stateName(), value, STATE_LIFETIME);
  }

  void clearState(Context ctx) {
    set(ctx, stateName(), "", Duration.ZERO);
  }

  // Lax, not Strict: the way back from github.com to the callback is a cross-site navigation, and
  // a Strict pre-login cookie would not come along; Lax still keeps it off cross-site POSTs.
  private void set(Context ctx, String name, String value, Duration maxAge) {
    ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds()
        + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
  }
}
