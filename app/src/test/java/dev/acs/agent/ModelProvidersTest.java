package dev.acs.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelProvidersTest {

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                               | ACS_MODEL is empty",
        "' , '                            | names no model",
        "gpt-4.1                          | is not provider:model",
        "openai:                          | is not provider:model",
        "azure:gpt-4.1                    | unknown provider 'azure'",
        "openai:gpt-4.1                   | OPENAI_API_KEY is not set (needed for openai:gpt-4.1)",
        "ollama:llama3.2,anthropic:claude | ANTHROPIC_API_KEY is not set",
        "replay:/no/such/file.json        | replay file /no/such/file.json does not exist",
      })
  void badSpecsAreClearConfigErrors(String spec, String message) {
    assertThatThrownBy(() -> ModelProviders.fromSpec(spec, new Env(Map.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "openai:gpt-4.1, anthropic:claude-sonnet-4-5 ,ollama:qwen2.5-coder | openai:gpt-4.1 anthropic:claude-sonnet-4-5 ollama:qwen2.5-coder",
        "OpenAI:gpt-4o                                                     | openai:gpt-4o",
      })
  void buildsTheChainInOrder(String spec, String routes) {
    Env env = new Env(Map.of("OPENAI_API_KEY", "k", "ANTHROPIC_API_KEY", "k"));
    assertThat(String.join(" ", ModelProviders.fromSpec(spec, env).routeNames())).isEqualTo(routes);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "http://localhost:11434/v1, true",
    "https://api.openai.com/v1/, false",
  })
  void aLocalOpenAiCompatibleServerNeedsNoKey(String baseUrl, boolean ok) {
    Env env = new Env(Map.of("OPENAI_BASE_URL", baseUrl));
    if (ok) {
      assertThat(ModelProviders.fromSpec("openai:qwen2.5-coder", env).routeNames()).containsExactly("openai:qwen2.5-coder");
    } else {
      assertThatThrownBy(() -> ModelProviders.fromSpec("openai:gpt-4.1", env)).hasMessageContaining("OPENAI_API_KEY");
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://api.anthropic.com, https://api.anthropic.com/v1/",
    "https://api.anthropic.com/, https://api.anthropic.com/v1/",
    "https://api.anthropic.com/v1, https://api.anthropic.com/v1/",
    "http://proxy:8080/anthropic/v1/, http://proxy:8080/anthropic/v1/",
  })
  void anthropicBaseUrlIsNormalised(String given, String used) {
    assertThat(ModelProviders.anthropicBaseUrl(given)).isEqualTo(used);
  }
}
