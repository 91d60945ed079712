package dev.acs.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * How ACS waits out GitHub's rate limits, the same for hub4j's calls and the plain HTTP ones.
 * GitHub's rules (docs "Rate limits for the REST API"): when {@code x-ratelimit-remaining} is 0,
 * wait until {@code x-ratelimit-reset}; otherwise on a secondary limit (429, or 403 with {@code
 * retry-after}) wait {@code retry-after} seconds, or at least a minute when it is missing. ACS waits
 * only up to {@link #maxWait()} per hit; a longer wait fails the call with a {@link
 * GitHubException} that says how long GitHub asked for, so a job is retried later instead of
 * holding a worker for an hour.
 */
public final class RateLimitWaits {
  /** GitHub: "If the retry-after header is not present, wait at least one minute". */
  static final Duration SECONDARY_DEFAULT = Duration.ofSeconds(61);

  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(120);

  /** Sleeps; tests pass one that records instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** A rate-limit answer: which limit, how long GitHub asks ACS to wait. */
  public record Hit(String kind, Duration delay) {}

  private final Duration maxWait;
  private final Sleeper sleeper;
  private final Clock clock;

  public RateLimitWaits(Duration maxWait, Sleeper sleeper, Clock clock) {
    this.maxWait = maxWait;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  public static RateLimitWaits standard() {
    return new RateLimitWaits(
        DEFAULT_MAX_WAIT, d -> Thread.sleep(d.toMillis()), Clock.systemUTC());
  }

  public Duration maxWait() {
    return maxWait;
  }

  /** The limit this answer reports, if it is a rate-limit answer at all (a 403 may be a permission). */
  public Optional<Hit> hit(int status, Function<String, String> header) {
    if (status != 403 && status != 429) {
      return Optional.empty();
    }
    if ("0".equals(header.apply("x-ratelimit-remaining"))) {
      return Optional.of(new Hit("primary rate limit", untilReset(header)));
    }
    String retryAfter = header.apply("retry-after");
    if (retryAfter != null) {
      return Optional.of(new Hit("secondary rate limit", retryAfter(retryAfter, header)));
    }
    if (status == 429 || header.apply("gh-limited-by") != null) {
      return Optional.of(new Hit("secondary rate limit", SECONDARY_DEFAULT));
    }
    return Optional.empty();
  }

  /**
   * Waits the hit out, or throws when GitHub asks for longer than ACS waits.
   *
   * @param doing what ACS was doing, for the message
   */
  public void waitOrFail(int status, Hit hit, String doing) {
    if (hit.delay().compareTo(maxWait) > 0) {
      throw new GitHubException(status, doing + ": GitHub " + hit.kind() + " reached; GitHub asks to"
          + " wait " + hit.delay().toSeconds() + " s, longer than ACS waits (" + maxWait.toSeconds()
          + " s, ACS_GITHUB_MAX_RATE_LIMIT_WAIT); try again later", null);
    }
    try {
      sleeper.sleep(hit.delay());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitHubException(status, doing + ": interrupted while waiting out a GitHub "
          + hit.kind(), e);
    }
  }

  private Duration untilReset(Function<String, String> header) {
    String reset = header.apply("x-ratelimit-reset");
    if (reset == null) {
      return Duration.ofMinutes(1);
    }
    try {
      long wait = Long.parseLong(reset.trim()) - now(header).getEpochSecond();
      // One second more: the reset second itself may still be limited.
      return Duration.ofSeconds(Math.max(1, wait + 1));
    } catch (NumberFormatException e) {
      return Duration.ofMinutes(1);
    }
  }

  private Duration retryAfter(String value, Function<String, String> header) {
    try {
      return Duration.ofSeconds(Math.max(1, Long.parseLong(value.trim())));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(now(header), at);
        return d.isNegative() ? Duration.ofSeconds(1) : d;
      } catch (DateTimeParseException e) {
        return SECONDARY_DEFAULT;
      }
    }
  }

  // GitHub's Date header, when present, so that our clock's drift does not skew the wait.
  private Instant now(Function<String, String> header) {
    String date = header.apply("date");
    if (date != null) {
      try {
        return ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException ignored) {
        // fall back to our clock
      }
    }
    return clock.instant();
  }
}
