package dev.acs.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import dev.acs.config.RepoConfig;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A task's budget: the repository's .github/acs.yml, capped by the server's ACS_BUDGET_*. */
class AgentsBudgetTest {
  @ParameterizedTest(name = "repo {0}/{1}/${2}, server {3}/{4}/${5} → {6}/{7}/${8}")
  @CsvSource({
      // repository      server (env)        effective
      "40, 400000, 2.00,  60, 2000000, 5.00,   40, 400000, 2.00",    // the defaults: the repository's are lower
      "500, 9000000, 100, 60, 2000000, 5.00,   60, 2000000, 5.00",   // a repository cannot raise past the server
      "10, 5000000, 0.50, 60, 2000000, 5.00,   10, 2000000, 0.50",   // each limit on its own
  })
  void theRepositoryMayLowerItsBudgetButNotRaiseIt(int steps, long tokens, String usd, int maxSteps, long maxTokens, String maxUsd,
      int effSteps, long effTokens, String effUsd) {
    Agents agents = new Agents(new Env(Map.of(
        "ACS_BUDGET_MAX_STEPS", String.valueOf(maxSteps), "ACS_BUDGET_MAX_TOKENS", String.valueOf(maxTokens),
        "ACS_BUDGET_MAX_COST_USD", maxUsd)), PriceTable.bundled(), Optional.empty());

    Budget b = agents.ledger(new RepoConfig.Budget(steps, tokens, new BigDecimal(usd)), 0, BigDecimal.ZERO).budget();

    assertThat(b.maxSteps()).isEqualTo(effSteps);
    assertThat(b.maxTokens()).isEqualTo(effTokens);
    assertThat(b.maxCostUsd()).isEqualByComparingTo(effUsd);
  }

  @Test
  void aServerBudgetThatIsNotANumberStopsStartUp() {
    assertThatThrownBy(() -> new Agents(new Env(Map.of("ACS_BUDGET_MAX_COST_USD", "lots")), PriceTable.bundled(), Optional.empty()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ACS_BUDGET_MAX_COST_USD");
  }
}
