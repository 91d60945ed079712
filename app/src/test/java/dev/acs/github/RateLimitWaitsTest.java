package dev.acs.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RateLimitWaitsTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  final RateLimitWaits waits = new RateLimitWaits(Duration.ofSeconds(120), d -> {}, Clock.fixed(NOW, ZoneOffset.UTC));

  static Map<String, String> headers(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i].toLowerCase(Locale.ROOT), kv[i + 1]);
    }
    return m;
  }

  static Stream<Arguments> answers() {
    long reset = NOW.getEpochSecond() + 300;
    return Stream.of(
        Arguments.of("200 is no limit", 200, headers("x-ratelimit-remaining", "0"), null),
        Arguments.of("403 without limit headers is a permission", 403, headers(), null),
        Arguments.of("403 with quota left is a permission", 403, headers("x-ratelimit-remaining", "12"), null),
        Arguments.of("primary: wait until reset", 403, headers("x-ratelimit-remaining", "0", "x-ratelimit-reset", "" + reset),
            "primary rate limit/301"),
        Arguments.of("primary on 429", 429, headers("x-ratelimit-remaining", "0", "x-ratelimit-reset", "" + reset),
            "primary rate limit/301"),
        Arguments.of("primary measured by GitHub's Date", 403, headers("x-ratelimit-remaining", "0",
            "x-ratelimit-reset", "" + reset, "date", "Sun, 01 Mar 2026 12:04:00 GMT"), "primary rate limit/61"),
        Arguments.of("primary without reset: a minute", 403, headers("x-ratelimit-remaining", "0"), "primary rate limit/60"),
        Arguments.of("secondary with retry-after seconds", 403, headers("retry-after", "42"), "secondary rate limit/42"),
        Arguments.of("secondary with retry-after date", 429, headers("retry-after", "Sun, 01 Mar 2026 12:00:30 GMT"),
            "secondary rate limit/30"),
        Arguments.of("429 without headers: over a minute", 429, headers(), "secondary rate limit/61"),
        Arguments.of("403 limited-by without retry-after", 403, headers("gh-limited-by", "search-elapsed-time-shared-grouped"),
            "secondary rate limit/61"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void tellsLimitsFromOtherAnswers(String name, int status, Map<String, String> headers, String expected) {
    Optional<RateLimitWaits.Hit> hit = waits.hit(status, headers::get);
    if (expected == null) {
      assertThat(hit).isEmpty();
    } else {
      assertThat(hit).get().extracting(h -> h.kind() + "/" + h.delay().toSeconds()).isEqualTo(expected);
    }
  }
}
