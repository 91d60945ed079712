package dev.acs.agent;

import dev.langchain4j.exception.HttpException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An error status from a model provider, with the headers that say whether and when to try again.
 * LangChain4j's own {@link HttpException} keeps only the status and body; extending it means the
 * models' exception mapping still classifies it (429 → rate limit, 5xx → server error).
 */
final class ProviderHttpException extends HttpException {
  private final transient Optional<String> retryAfter;
  private final transient Optional<String> retryAfterMs;
  private final transient Optional<String> shouldRetry;

  ProviderHttpException(
      int status, String body, Optional<String> retryAfter, Optional<String> retryAfterMs, Optional<String> shouldRetry) {
    super(status, body);
    this.retryAfter = retryAfter;
    this.retryAfterMs = retryAfterMs;
    this.shouldRetry = shouldRetry;
  }

  static ProviderHttpException from(HttpResponse<?> response) {
    Object body = response.body();
    String text =
        body instanceof byte[] bytes
            ? new String(bytes, StandardCharsets.UTF_8)
            : body instanceof String s ? s : "";
    return new ProviderHttpException(
        response.statusCode(),
        text,
        response.headers().firstValue("retry-after"),
        response.headers().firstValue("retry-after-ms"),
        response.headers().firstValue("x-should-retry"));
  }

  /** The {@code Retry-After} header: seconds or an HTTP date. */
  Optional<String> retryAfter() {
    return retryAfter;
  }

  /** OpenAI also sends {@code retry-after-ms}, finer than Retry-After. */
  Optional<String> retryAfterMs() {
    return retryAfterMs;
  }

  /** Anthropic's {@code x-should-retry}: "true" or "false" when present. */
  Optional<String> shouldRetry() {
    return shouldRetry;
  }
}
