package dev.acs.agent;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Builds the model of a task from {@code ACS_MODEL}: {@code provider:model}, comma-separated for
 * failover. See docs/models.md for the providers and their variables.
 *
 * <pre>{@code
 * ProviderChain model = ModelProviders.fromSpec(env.require("ACS_MODEL", "..."), env);
 * }</pre>
 */
public final class ModelProviders {
  static final String OPENAI_DEFAULT_URL = "https://api.openai.com/v1";
  static final String ANTHROPIC_DEFAULT_URL = "https://api.anthropic.com/v1";
  static final String OLLAMA_DEFAULT_URL = "http://localhost:11434";

  private ModelProviders() {}

  /**
   * @param spec e.g. {@code anthropic:claude-sonnet-4-5,openai:gpt-4.1} or {@code replay:task.json}
   * @throws ConfigException for an unknown provider, a missing key or an unreadable replay file
   */
  public static ProviderChain fromSpec(String spec, Env env) {
    return fromSpec(spec, env, RetryingChatModel.Sleeper.REAL, Clock.systemUTC());
  }

  static ProviderChain fromSpec(String spec, Env env, RetryingChatModel.Sleeper sleeper, Clock clock) {
    if (spec == null || spec.isBlank()) {
      throw new ConfigException("ACS_MODEL is empty: give provider:model, e.g. openai:gpt-4.1");
    }
    Duration timeout = Duration.ofSeconds(env.getInt("ACS_MODEL_TIMEOUT_SECONDS", 120));
    RetryPolicy policy =
        new RetryPolicy(
            env.getInt("ACS_MODEL_RETRIES", 3),
            Duration.ofSeconds(env.getInt("ACS_MODEL_MAX_RETRY_WAIT_SECONDS", 60)),
            Duration.ofSeconds(1));
    SecretRedactor redactor = SecretRedactor.fromEnv(env);
    List<RetryingChatModel> routes = new ArrayList<>();
    for (String part : spec.split(",")) {
      String entry = part.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int colon = entry.indexOf(':');
      if (colon <= 0 || colon == entry.length() - 1) {
        throw new ConfigException(
            "ACS_MODEL entry '" + entry + "' is not provider:model (providers: openai, anthropic, ollama, replay)");
      }
      String provider = entry.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String model = entry.substring(colon + 1).strip();
      ChatModel chatModel =
          switch (provider) {
            case "openai" -> openAi(model, env, timeout);
            case "anthropic" -> anthropic(model, env, timeout);
            case "ollama" -> ollama(model, env, timeout);
            case "replay" -> ReplayChatModel.load(Path.of(model));
            default ->
                throw new ConfigException(
                    "ACS_MODEL entry '" + entry + "': unknown provider '" + provider
                        + "' (providers: openai, anthropic, ollama, replay)");
          };
      routes.add(new RetryingChatModel(provider + ":" + model, chatModel, policy, sleeper, clock, redactor));
    }
    if (routes.isEmpty()) {
      throw new ConfigException("ACS_MODEL names no model: give provider:model, e.g. openai:gpt-4.1");
    }
    return new ProviderChain(routes);
  }

  private static ChatModel openAi(String model, Env env, Duration timeout) {
    String baseUrl = env.get("OPENAI_BASE_URL", OPENAI_DEFAULT_URL);
    String key =
        env.get("OPENAI_API_KEY")
            .orElseGet(
                () -> {
                  if (baseUrl.replaceAll("/+$", "").equals(OPENAI_DEFAULT_URL)) {
                    throw new ConfigException("OPENAI_API_KEY is not set (needed for openai:" + model + ")");
                  }
                  // Ollama, vLLM and LM Studio accept any key; the client insists on one.
                  return "not-needed";
                });
    OpenAiChatModel chat =
        OpenAiChatModel.builder()
            .httpClientBuilder(httpClient(timeout))
            .baseUrl(baseUrl)
            .apiKey(key)
            .modelName(model)
            .timeout(timeout)
            .maxRetries(0)
            .logRequests(false)
            .logResponses(false)
            .build();
    return REASONING_MODEL.matcher(model).lookingAt() ? new CompletionTokenLimit(chat) : chat;
  }

  // OpenAI's reasoning models refuse max_tokens and want max_completion_tokens; LangChain4j sends
  // the output limit as max_tokens, which is also what OpenAI-compatible local servers understand.
  private static final Pattern REASONING_MODEL = Pattern.compile("(o\\d|gpt-5)", Pattern.CASE_INSENSITIVE);

  /** Sends a request's output limit as {@code max_completion_tokens}. */
  private record CompletionTokenLimit(ChatModel delegate) implements ChatModel {
    @Override
    public ChatResponse doChat(ChatRequest request) {
      Integer limit = request.maxOutputTokens();
      if (limit == null) {
        return delegate.chat(request);
      }
      OpenAiChatRequestParameters params =
          OpenAiChatRequestParameters.builder()
              .overrideWith(request.parameters())
              .maxOutputTokens(null)
              .maxCompletionTokens(limit)
              .build();
      return delegate.chat(ChatRequest.builder().messages(request.messages()).parameters(params).build());
    }
  }

  private static ChatModel anthropic(String model, Env env, Duration timeout) {
    String key =
        env.get("ANTHROPIC_API_KEY")
            .orElseThrow(() -> new ConfigException("ANTHROPIC_API_KEY is not set (needed for anthropic:" + model + ")"));
    return AnthropicChatModel.builder()
        .httpClientBuilder(httpClient(timeout))
        .baseUrl(anthropicBaseUrl(env.get("ANTHROPIC_BASE_URL", ANTHROPIC_DEFAULT_URL)))
        .apiKey(key)
        .modelName(model)
        .timeout(timeout)
        .maxRetries(0)
        .logRequests(false)
        .logResponses(false)
        .build();
  }

  private static ChatModel ollama(String model, Env env, Duration timeout) {
    return OllamaChatModel.builder()
        .httpClientBuilder(httpClient(timeout))
        .baseUrl(env.get("OLLAMA_BASE_URL", OLLAMA_DEFAULT_URL))
        .modelName(model)
        .timeout(timeout)
        .maxRetries(0)
        .logRequests(false)
        .logResponses(false)
        .build();
  }

  /**
   * Anthropic's own SDKs take the base URL without {@code /v1}; LangChain4j wants it with. Accept
   * both.
   */
  static String anthropicBaseUrl(String url) {
    String u = url.strip();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    return (u.endsWith("/v1") ? u : u + "/v1") + "/";
  }

  private static HttpClientBuilder httpClient(Duration timeout) {
    return JdkHttpClient.builder()
        .httpClientBuilder(ErrorStatusHttpClient.wrappingBuilder())
        .connectTimeout(Duration.ofSeconds(Math.min(timeout.toSeconds(), 30)))
        .readTimeout(timeout);
  }
}
