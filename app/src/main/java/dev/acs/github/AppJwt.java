package dev.acs.github;

import io.jsonwebtoken.Jwts;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * The JSON Web Token a GitHub App signs to call the {@code /app} endpoints (RS256, {@code iss} =
 * App id). GitHub's rules: {@code iat} 60 s in the past against clock drift, {@code exp} at most 10
 * minutes ahead. A token is reused until a minute before it expires, so a burst of token mints
 * does not sign a JWT each.
 */
public final class AppJwt implements AuthorizationProvider {
  static final Duration BACKDATE = Duration.ofSeconds(60);
  /** Nine minutes, not ten: one minute of room for our clock running behind GitHub's. */
  static final Duration LIFETIME = Duration.ofMinutes(9);

  static final Duration REUSE_MARGIN = Duration.ofMinutes(1);

  private final long appId;
  private final RSAPrivateKey key;
  private final Clock clock;
  private String current;
  private Instant currentExpires = Instant.MIN;

  public AppJwt(long appId, RSAPrivateKey key, Clock clock) {
    this.appId = appId;
    this.key = key;
    this.clock = clock;
  }

  public long appId() {
    return appId;
  }

  /** A JWT valid for at least one more minute. */
  public synchronized String token() {
    Instant now = clock.instant();
    if (current == null || !now.isBefore(currentExpires.minus(REUSE_MARGIN))) {
      currentExpires = now.plus(LIFETIME);
      current = sign(now);
    }
    return current;
  }

  private String sign(Instant now) {
    return Jwts.builder()
        .issuer(Long.toString(appId))
        .issuedAt(Date.from(now.minus(BACKDATE)))
        .expiration(Date.from(now.plus(LIFETIME)))
        .signWith(key, Jwts.SIG.RS256)
        .compact();
  }

  @Override
  public String getEncodedAuthorization() {
    return "Bearer " + token();
  }

  @Override
  public String toString() {
    return "AppJwt[app " + appId + "]";
  }
}
