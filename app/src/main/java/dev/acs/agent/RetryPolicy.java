package dev.acs.agent;

import dev.langchain4j.exception.HttpException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decides whether a failed model call is tried again, and after how long. Pure: the caller sleeps.
 *
 * <p>Retried: 408, 429, 5xx (Anthropic's 529 "overloaded" included) and timeouts. Not retried: other
 * 4xx (a bad key or request won't get better), connection failures (fail over instead), and any
 * response whose {@code x-should-retry: false} says so. The wait is the provider's {@code
 * retry-after-ms} or {@code Retry-After} (seconds or HTTP date) when given, else exponential
 * backoff from {@code baseBackoff}. A provider that asks for more than {@code maxWait} is not
 * waited for: the call fails so the next provider can take over.
 */
final class RetryPolicy {
  private final int maxRetries;
  private final Duration maxWait;
  private final Duration baseBackoff;

  /** What to do after a failure. */
  record Decision(boolean retry, Duration delay, String reason) {
    static Decision giveUp(String reason) {
      return new Decision(false, Duration.ZERO, reason);
    }
  }

  RetryPolicy(int maxRetries, Duration maxWait, Duration baseBackoff) {
    this.maxRetries = maxRetries;
    this.maxWait = maxWait;
    this.baseBackoff = baseBackoff;
  }

  int maxRetries() {
    return maxRetries;
  }

  /**
   * @param failedAttempts attempts made so far, all failed (1 after the first call)
   */
  Decision decide(int failedAttempts, Throwable error, Instant now) {
    OptionalInt status = statusOf(error);
    boolean timeout = isTimeout(error);
    String what = status.isPresent() ? "HTTP " + status.getAsInt() : timeout ? "timeout" : "error";
    if (status.isEmpty() && !timeout) {
      return Decision.giveUp(what + " is not retried");
    }
    if (status.isPresent() && !retriableStatus(status.getAsInt())) {
      return Decision.giveUp(what + " is not retried");
    }
    ProviderHttpException http = find(error, ProviderHttpException.class);
    if (http != null && http.shouldRetry().map("false"::equalsIgnoreCase).orElse(false)) {
      return Decision.giveUp(what + " with x-should-retry: false");
    }
    if (failedAttempts > maxRetries) {
      return Decision.giveUp(what + " after " + failedAttempts + " attempts");
    }
    Optional<Duration> asked = Optional.empty();
    if (http != null) {
      asked = http.retryAfterMs().flatMap(RetryPolicy::parseMillis);
      if (asked.isEmpty()) {
        asked = http.retryAfter().flatMap(v -> parseRetryAfter(v, now));
      }
    }
    if (asked.isPresent()) {
      if (asked.get().compareTo(maxWait) > 0) {
        return Decision.giveUp(
            what + " asks to wait " + asked.get().toSeconds() + "s, more than the " + maxWait.toSeconds() + "s allowed");
      }
      return new Decision(true, asked.get(), what + ", Retry-After " + asked.get().toMillis() + "ms");
    }
    long factor = 1L << Math.min(failedAttempts - 1, 20);
    Duration backoff = baseBackoff.multipliedBy(factor);
    if (backoff.compareTo(maxWait) > 0) {
      backoff = maxWait;
    }
    return new Decision(true, backoff, what + ", backoff " + backoff.toMillis() + "ms");
  }

  /**
   * Reads a Retry-After value: whole or decimal seconds, or an HTTP date (RFC 1123, e.g. {@code
   * Wed, 21 Oct 2015 07:28:00 GMT}). A date in the past means "now". Garbage gives empty.
   */
  static Optional<Duration> parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.strip();
    try {
      double seconds = Double.parseDouble(v);
      if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(now, at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  private static Optional<Duration> parseMillis(String value) {
    try {
      double ms = Double.parseDouble(value.strip());
      return ms < 0 || Double.isNaN(ms) ? Optional.empty() : Optional.of(Duration.ofMillis((long) Math.ceil(ms)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether a call that failed for good may succeed later, for the task's job to wait instead of
   * failing: a retriable status (also when its retries or waits ran out), a timeout, or a network
   * error without a status. Not when the provider said {@code x-should-retry: false}.
   */
  static boolean temporary(Throwable error) {
    ProviderHttpException http = find(error, ProviderHttpException.class);
    if (http != null && http.shouldRetry().map("false"::equalsIgnoreCase).orElse(false)) {
      return false;
    }
    OptionalInt status = statusOf(error);
    if (status.isPresent()) {
      return retriableStatus(status.getAsInt());
    }
    return isTimeout(error) || find(error, java.io.IOException.class) != null;
  }

  private static boolean retriableStatus(int status) {
    return status == 408 || status == 429 || (status >= 500 && status <= 599);
  }

  /** The HTTP status anywhere in the cause chain. */
  static OptionalInt statusOf(Throwable error) {
    HttpException http = find(error, HttpException.class);
    return http == null ? OptionalInt.empty() : OptionalInt.of(http.statusCode());
  }

  static boolean isTimeout(Throwable error) {
    return find(error, dev.langchain4j.exception.TimeoutException.class) != null
        || find(error, HttpTimeoutException.class) != null
        || find(error, SocketTimeoutException.class) != null
        || find(error, java.util.concurrent.TimeoutException.class) != null;
  }

  static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
