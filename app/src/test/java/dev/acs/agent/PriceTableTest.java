package dev.acs.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceTableTest {

  @ParameterizedTest(name = "{0} -> in {1} / out {2}")
  @CsvSource(
      nullValues = "none",
      value = {
        "openai:gpt-4.1, 2.00, 8.00",
        "openai:gpt-4.1-mini, 0.40, 1.60",
        "openai:gpt-4.1-2025-04-14, 2.00, 8.00",
        "openai:gpt-4o-2024-08-06, 2.50, 10.00",
        "anthropic:claude-sonnet-4-5-20250929, 3.00, 15.00",
        "anthropic:claude-sonnet-4-5, 3.00, 15.00",
        "anthropic:claude-haiku-4-5-latest, 1.00, 5.00",
        "ollama:llama3.2, 0, 0",
        "replay:/tmp/x.json, 0, 0",
        "openai:llama3.1, none, none",
        "openai:gpt-4.1-turbo-preview, none, none",
        "mystery:model, none, none",
      })
  void bundledLookups(String model, BigDecimal in, BigDecimal out) {
    var price = PriceTable.bundled().lookup(model);
    if (in == null) {
      assertThat(price).isEmpty();
    } else {
      assertThat(price).isPresent();
      assertThat(price.get().input()).isEqualByComparingTo(in);
      assertThat(price.get().output()).isEqualByComparingTo(out);
    }
  }

  @Test
  void costIsPerMillionTokens() {
    var p = new PriceTable.Price(new BigDecimal("3.00"), new BigDecimal("15.00"));
    assertThat(p.cost(1_000_000, 0)).isEqualByComparingTo("3");
    assertThat(p.cost(656, 74)).isEqualByComparingTo("0.003078");
  }

  @Test
  void overrideFileInYamlAddsAndReplaces(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("prices.yml");
    Files.writeString(f, "models:\n  openai:gpt-4.1: {input: 1.0, output: 4.0}\n  openai:llama3.1: {input: 0, output: 0}\n  \"*\": {input: 50, output: 50}\n");
    PriceTable t = PriceTable.fromEnv(new Env(Map.of("ACS_PRICES_FILE", f.toString())));
    assertThat(t.lookup("openai:gpt-4.1").get().input()).isEqualByComparingTo("1.0");
    assertThat(t.lookup("openai:llama3.1").get().output()).isEqualByComparingTo("0");
    assertThat(t.lookup("anthropic:claude-sonnet-4-5").get().input()).isEqualByComparingTo("3.00");
    assertThat(t.lookup("somewhere:else").get().input()).isEqualByComparingTo("50");
  }

  @Test
  void badOverrideFileIsAClearConfigError(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("prices.json");
    Files.writeString(f, "{\"models\": {\"openai:gpt-4.1\": {\"input\": \"cheap\", \"output\": 1}}}");
    assertThatThrownBy(() -> PriceTable.fromEnv(new Env(Map.of("ACS_PRICES_FILE", f.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("models.openai:gpt-4.1.input must be a number");
    assertThatThrownBy(() -> PriceTable.fromEnv(new Env(Map.of("ACS_PRICES_FILE", dir.resolve("nope.json").toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("does not exist");
  }
}
