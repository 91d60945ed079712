package dev.acs.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.testing.TestKeys;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppJwtTest {
  static final KeyPair PAIR = TestKeys.rsa();
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  static Jws<Claims> verify(String jwt, PublicKey key, Instant at) {
    return Jwts.parser().verifyWith(key).clock(() -> Date.from(at)).build().parseSignedClaims(jwt);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pkcs1", "pkcs8"})
  void signsWithTheAppKeyUnderGitHubsRules(String format) {
    String pem = format.equals("pkcs1") ? TestKeys.pkcs1(PAIR) : TestKeys.pkcs8(PAIR);
    RSAPrivateKey key = AppPrivateKey.parse(pem, "test key");
    AppJwt jwt = new AppJwt(12345, key, Clock.fixed(NOW, ZoneOffset.UTC));

    Jws<Claims> parsed = verify(jwt.token(), PAIR.getPublic(), NOW);

    assertThat(parsed.getHeader().getAlgorithm()).isEqualTo("RS256");
    Claims claims = parsed.getPayload();
    assertThat(claims.getIssuer()).isEqualTo("12345");
    assertThat(claims.getIssuedAt().toInstant()).isEqualTo(NOW.minusSeconds(60));
    Duration lifetime = Duration.between(NOW, claims.getExpiration().toInstant());
    assertThat(lifetime).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(10));
    assertThat(Duration.between(claims.getIssuedAt().toInstant(), claims.getExpiration().toInstant()))
        .isLessThanOrEqualTo(Duration.ofMinutes(11));
  }

  @Test
  void aSignatureByAnotherKeyDoesNotVerify() {
    KeyPair other = TestKeys.generate("RSA", 2048);
    AppJwt jwt = new AppJwt(1, (RSAPrivateKey) other.getPrivate(), Clock.fixed(NOW, ZoneOffset.UTC));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> verify(jwt.token(), PAIR.getPublic(), NOW))
        .isInstanceOf(io.jsonwebtoken.security.SignatureException.class);
  }

  @Test
  void reusesTheTokenUntilAMinuteBeforeItExpires() {
    AtomicReference<Instant> now = new AtomicReference<>(NOW);
    Clock clock = new Clock() {
      @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now.get(); }
    };
    AppJwt jwt = new AppJwt(7, (RSAPrivateKey) PAIR.getPrivate(), clock);
    String first = jwt.token();

    now.set(NOW.plus(Duration.ofMinutes(7)).plusSeconds(59));
    assertThat(jwt.token()).isEqualTo(first);

    now.set(NOW.plus(Duration.ofMinutes(8)));
    String second = jwt.token();
    assertThat(second).isNotEqualTo(first);
    assertThat(verify(second, PAIR.getPublic(), now.get()).getPayload().getIssuedAt().toInstant())
        .isEqualTo(now.get().minusSeconds(60));
    assertThat(jwt.getEncodedAuthorization()).isEqualTo("Bearer " + second);
    assertThat(jwt.toString()).doesNotContain(second);
  }
}
