package dev.acs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RetryPolicyTest {
  static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");

  @ParameterizedTest(name = "Retry-After ''{0}'' -> {1} ms")
  @CsvSource(
      nullValues = "none",
      value = {
        "1, 1000",
        "0, 0",
        "30, 30000",
        "1.5, 1500",
        "' 7 ', 7000",
        "'Wed, 21 Oct 2015 07:28:05 GMT', 5000",
        "'Wed, 21 Oct 2015 07:27:00 GMT', 0",
        "-1, none",
        "soon, none",
        "'', none",
      })
  void parsesRetryAfter(String header, Long millis) {
    Optional<Duration> d = RetryPolicy.parseRetryAfter(header, NOW);
    if (millis == null) {
      assertThat(d).isEmpty();
    } else {
      assertThat(d).contains(Duration.ofMillis(millis));
    }
  }

  static ProviderHttpException http(int status, String retryAfter, String retryAfterMs, String shouldRetry) {
    return new ProviderHttpException(
        status, "{}", Optional.ofNullable(retryAfter), Optional.ofNullable(retryAfterMs), Optional.ofNullable(shouldRetry));
  }

  static Stream<Arguments> decisions() {
    return Stream.of(
        // failure, failed attempts, retry?, wait ms
        Arguments.of("429 with Retry-After", new RateLimitException(http(429, "2", null, null)), 1, true, 2000L),
        Arguments.of("429 with retry-after-ms wins", new RateLimitException(http(429, "2", "250", null)), 1, true, 250L),
        Arguments.of("429 with HTTP date", new RateLimitException(http(429, "Wed, 21 Oct 2015 07:28:03 GMT", null, null)), 1, true, 3000L),
        Arguments.of("429 without header: backoff 1s", new RateLimitException(http(429, null, null, "true")), 1, true, 1000L),
        Arguments.of("500 second failure: backoff 2s", new InternalServerException(http(500, null, null, null)), 2, true, 2000L),
        Arguments.of("529 overloaded", new InternalServerException(http(529, null, null, null)), 1, true, 1000L),
        Arguments.of("backoff capped at max wait", new InternalServerException(http(503, null, null, null)), 3, true, 3000L),
        Arguments.of("retries used up", new RateLimitException(http(429, "1", null, null)), 4, false, 0L),
        Arguments.of("Retry-After longer than allowed", new RateLimitException(http(429, "3600", null, null)), 1, false, 0L),
        Arguments.of("x-should-retry false", new RateLimitException(http(429, "1", null, "false")), 1, false, 0L),
        Arguments.of("400 is not retried", new RuntimeException(http(400, null, null, null)), 1, false, 0L),
        Arguments.of("401 is not retried", new RuntimeException(new HttpException(401, "bad key")), 1, false, 0L),
        Arguments.of("timeout is retried", new RuntimeException(new HttpTimeoutException("read timed out")), 1, true, 1000L),
        Arguments.of("connection refused fails over", new RuntimeException(new ConnectException("refused")), 1, false, 0L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void decides(String name, Throwable failure, int failedAttempts, boolean retry, long waitMillis) {
    RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(3), Duration.ofSeconds(1));
    RetryPolicy.Decision d = policy.decide(failedAttempts, failure, NOW);
    assertThat(d.retry()).as(d.reason()).isEqualTo(retry);
    if (retry) {
      assertThat(d.delay()).isEqualTo(Duration.ofMillis(waitMillis));
    }
  }
}
