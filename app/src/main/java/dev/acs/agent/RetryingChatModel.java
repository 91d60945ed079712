package dev.acs.agent;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider's model with ACS's retry loop around it (the LangChain4j models are built with
 * {@code maxRetries(0)}, so the attempt count here is the real one).
 */
final class RetryingChatModel implements ChatModel {
  private static final Logger LOG = LoggerFactory.getLogger(RetryingChatModel.class);

  /** Waits between attempts; tests pass one that records instead of sleeping. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis());
  }

  private final String name;
  private final ChatModel delegate;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final Clock clock;
  private final SecretRedactor redactor;

  RetryingChatModel(
      String name, ChatModel delegate, RetryPolicy policy, Sleeper sleeper, Clock clock, SecretRedactor redactor) {
    this.name = name;
    this.delegate = delegate;
    this.policy = policy;
    this.sleeper = sleeper;
    this.clock = clock;
    this.redactor = redactor;
  }

  String name() {
    return name;
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    for (int attempt = 1; ; attempt++) {
      try {
        return delegate.chat(request);
      } catch (RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new ModelCallException(name + ": interrupted", e, true);
        }
        RetryPolicy.Decision d = policy.decide(attempt, e, clock.instant());
        String problem = describe(e);
        if (!d.retry()) {
          throw new ModelCallException(name + " failed (" + d.reason() + "): " + problem, e, RetryPolicy.temporary(e));
        }
        LOG.warn("model {} attempt {}/{} failed: {}; retrying in {} ms ({})",
            name, attempt, policy.maxRetries() + 1, problem, d.delay().toMillis(), d.reason());
        try {
          sleeper.sleep(d.delay());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new ModelCallException(name + ": interrupted while waiting to retry", e, true);
        }
      }
    }
  }

  /** A short, secret-free description of a provider failure. */
  String describe(Throwable e) {
    ProviderHttpException http = RetryPolicy.find(e, ProviderHttpException.class);
    String text;
    if (http != null) {
      text = "HTTP " + http.statusCode() + " " + oneLine(http.getMessage());
    } else {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + oneLine(root.getMessage()));
    }
    return redactor.redact(text);
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String t = s.replaceAll("\\s+", " ").strip();
    return t.length() <= 300 ? t : t.substring(0, 297) + "...";
  }
}
