package dev.acs.agent;

import dev.acs.metrics.TaskMetrics;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of {@code ACS_MODEL} in order, as one {@link ChatModel}. A call goes to the current
 * provider; when it fails for good (after its retries) the next one takes over, and stays current
 * for the following calls of this task so a dead provider isn't paid for in waits at every step.
 * The response's model name is the route ({@code openai:gpt-4.1}), which the price table and the
 * transcript use.
 *
 * <p>Not thread-safe: one chain per task (they are cheap to build).
 */
public final class ProviderChain implements ChatModel {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderChain.class);

  private final List<RetryingChatModel> routes;
  private int current;
  private TaskMetrics metrics = TaskMetrics.NONE;

  ProviderChain(List<RetryingChatModel> routes) {
    if (routes.isEmpty()) {
      throw new IllegalArgumentException("no model routes");
    }
    this.routes = List.copyOf(routes);
  }

  /** Counts each call to each route ({@code acs_model_calls_total}) in {@code metrics}. */
  ProviderChain countingIn(TaskMetrics metrics) {
    this.metrics = metrics;
    return this;
  }

  /** The routes, e.g. {@code [anthropic:claude-sonnet-4-5, openai:gpt-4.1]}. */
  public List<String> routeNames() {
    return routes.stream().map(RetryingChatModel::name).toList();
  }

  /** The route the next call goes to first. */
  public String currentRoute() {
    return routes.get(current).name();
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    List<String> failures = new ArrayList<>();
    ModelCallException last = null;
    boolean temporary = true;
    for (int i = 0; i < routes.size(); i++) {
      int index = (current + i) % routes.size();
      RetryingChatModel route = routes.get(index);
      try {
        ChatResponse response = route.chat(request);
        metrics.modelCall(route.name(), "ok");
        if (index != current) {
          LOG.warn("model calls now go to {} (was {})", route.name(), routes.get(current).name());
          current = index;
        }
        return ChatResponse.builder()
            .aiMessage(response.aiMessage())
            .metadata(response.metadata().toBuilder().modelName(route.name()).build())
            .build();
      } catch (ModelCallException e) {
        metrics.modelCall(route.name(), "error");
        last = e;
        temporary &= e.temporary();
        failures.add(e.getMessage());
        if (i + 1 < routes.size()) {
          LOG.warn("{}; failing over to {}", e.getMessage(), routes.get((index + 1) % routes.size()).name());
        }
      }
    }
    if (routes.size() == 1) {
      throw last;
    }
    throw new ModelCallException("all model providers failed: " + String.join("; ", failures), last, temporary);
  }
}
