package dev.acs.web.login;

import dev.acs.github.GitHubException;
import dev.acs.github.GitHubUsers;
import dev.acs.github.UserToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub's answers about a token, remembered for a few minutes and never past the token's own
 * expiry: who it belongs to, and which repositories its owner can read. Keys are the SHA-256 of the
 * token, never the token. An answer GitHub could not give (5xx, network, rate limit) is not
 * remembered: the next check asks again.
 */
final class ReadAccess {
  /** How long an answer is trusted; a revoked token keeps what it had for at most this long. */
  static final Duration TTL = Duration.ofMinutes(5);
  private static final int MAX_ENTRIES = 20_000;
  private static final Logger LOG = LoggerFactory.getLogger(ReadAccess.class);

  enum Answer { READABLE, NOT_READABLE, REVOKED, UNKNOWN }

  private record Remembered<T>(T value, Instant until) {}

  private final GitHubUsers github;
  private final Clock clock;
  private final Map<String, Remembered<Boolean>> reads = new ConcurrentHashMap<>();
  private final Map<String, Remembered<GitHubUsers.Identity>> identities = new ConcurrentHashMap<>();

  ReadAccess(GitHubUsers github, Clock clock) {
    this.github = github;
    this.clock = clock;
  }

  /**
   * Who the token belongs to: from memory, else {@code GET /user}. Empty when GitHub says the token
   * is not valid (401); throws {@link GitHubException} when GitHub could not answer.
   */
  Optional<GitHubUsers.Identity> identify(UserToken token) {
    String key = SessionKeys.hash(token.value());
    Instant now = clock.instant();
    Remembered<GitHubUsers.Identity> known = identities.get(key);
    if (known != null && known.until().isAfter(now)) {
      return Optional.of(known.value());
    }
    try {
      GitHubUsers.Identity who = github.identify(token.value());
      Optional<Instant> expires = token.expiresAt().or(who::tokenExpiresAt);
      identities.put(key, new Remembered<>(who, until(now, expires)));
      trim(identities, now);
      return Optional.of(who);
    } catch (GitHubException e) {
      if (e.status() == 401) {
        forget(token);
        return Optional.empty();
      }
      throw e;
    }
  }

  /** When GitHub says the token stops working, if it said: known from the login, or from a header on {@code /user}. */
  Optional<Instant> expiry(UserToken token) {
    return token.expiresAt().or(() -> Optional.ofNullable(identities.get(SessionKeys.hash(token.value())))
        .flatMap(r -> r.value().tokenExpiresAt()));
  }

  Answer canRead(UserToken token, String repositoryFullName) {
    String key = SessionKeys.hash(token.value()) + " " + repositoryFullName.toLowerCase(Locale.ROOT);
    Instant now = clock.instant();
    Optional<Instant> expires = expiry(token);
    if (expires.isPresent() && !expires.get().isAfter(now)) {
      return Answer.REVOKED;
    }
    Remembered<Boolean> known = reads.get(key);
    if (known != null && known.until().isAfter(now)) {
      return known.value() ? Answer.READABLE : Answer.NOT_READABLE;
    }
    try {
      boolean readable = github.canPull(token.value(), repositoryFullName);
      reads.put(key, new Remembered<>(readable, until(now, expires)));
      trim(reads, now);
      return readable ? Answer.READABLE : Answer.NOT_READABLE;
    } catch (GitHubException e) {
      if (e.status() == 401) {
        forget(token);
        return Answer.REVOKED;
      }
      LOG.warn("cannot check read access, answering no for now: {}", e.getMessage());
      return Answer.UNKNOWN;
    }
  }

  /** Drops everything known about a token (revoked, or its session ended). */
  void forget(UserToken token) {
    String hash = SessionKeys.hash(token.value());
    identities.remove(hash);
    reads.keySet().removeIf(k -> k.startsWith(hash + " "));
  }

  private static Instant until(Instant now, Optional<Instant> tokenExpires) {
    Instant ttl = now.plus(TTL);
    return tokenExpires.filter(t -> t.isBefore(ttl)).orElse(ttl);
  }

  // A crowd of distinct tokens must not grow memory without end: drop what ran out, then all.
  private static <T> void trim(Map<String, Remembered<T>> map, Instant now) {
    if (map.size() > MAX_ENTRIES) {
      map.values().removeIf(r -> !r.until().isAfter(now));
      if (map.size() > MAX_ENTRIES) {
        map.clear();
      }
    }
  }
}
