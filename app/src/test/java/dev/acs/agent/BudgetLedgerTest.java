package dev.acs.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BudgetLedgerTest {
  static final List<String> SONNET = List.of("anthropic:claude-sonnet-4-5");

  static Stream<Arguments> checks() {
    return Stream.of(
        // budget, already recorded (in, out, calls), next estimate (in, maxOut), candidates, allowed?, message part
        Arguments.of(new Budget(10, 100_000, new BigDecimal("1.00")), 0L, 0L, 0, 1000L, 1000L, SONNET, true, ""),
        Arguments.of(new Budget(2, 100_000, new BigDecimal("1.00")), 100L, 10L, 2, 10L, 10L, SONNET, false, "step budget is used up (2 of 2"),
        Arguments.of(new Budget(10, 10_000, new BigDecimal("1.00")), 5_000L, 1_000L, 1, 3_000L, 1_001L, SONNET, false, "could use up to 4,001 tokens"),
        Arguments.of(new Budget(10, 10_000, new BigDecimal("1.00")), 5_000L, 1_000L, 1, 3_000L, 1_000L, SONNET, true, ""),
        // $0.10 budget; spent 10k in + 2k out at 3/15 = 0.06; next worst 5k in + 2k out = 0.045 -> 0.105
        Arguments.of(new Budget(10, 1_000_000, new BigDecimal("0.10")), 10_000L, 2_000L, 1, 5_000L, 2_000L, SONNET, false, "could cost up to $0.0450"),
        Arguments.of(new Budget(10, 1_000_000, new BigDecimal("0.10")), 10_000L, 2_000L, 1, 3_000L, 2_000L, SONNET, true, ""),
        // the dearest candidate of a failover chain is assumed
        Arguments.of(new Budget(10, 1_000_000, new BigDecimal("0.05")), 0L, 0L, 0, 1_000L, 1_000L,
            List.of("openai:gpt-4.1-mini", "anthropic:claude-opus-4-1"), false, "could cost up to $0.0900"),
        Arguments.of(new Budget(10, 1_000_000, new BigDecimal("5")), 0L, 0L, 0, 10L, 10L, List.of("openai:llama3.1"), false, "no price is known for model openai:llama3.1"),
        Arguments.of(new Budget(10, 1_000_000, new BigDecimal("0")), 0L, 0L, 0, 10_000L, 4_000L, List.of("ollama:llama3.2"), true, ""));
  }

  @ParameterizedTest(name = "[{index}] allowed={7} {8}")
  @MethodSource("checks")
  void checksBeforeEveryCall(Budget budget, long in, long out, int calls, long estIn, long maxOut, List<String> candidates,
      boolean allowed, String message) {
    BudgetLedger ledger = new BudgetLedger(budget, PriceTable.bundled());
    for (int i = 0; i < calls; i++) {
      ledger.record("anthropic:claude-sonnet-4-5", i == 0 ? in : 0, i == 0 ? out : 0);
    }
    if (allowed) {
      ledger.checkBeforeCall(candidates, estIn, maxOut);
    } else {
      assertThatThrownBy(() -> ledger.checkBeforeCall(candidates, estIn, maxOut))
          .isInstanceOf(BudgetExceededException.class)
          .hasMessageContaining(message);
    }
  }

  @Test
  void recordsSpendPerModelPrice() {
    BudgetLedger ledger = new BudgetLedger(new Budget(10, 1_000_000, new BigDecimal("5")), PriceTable.bundled());
    ledger.record("anthropic:claude-sonnet-4-5", 656, 74);
    ledger.record("openai:gpt-4.1", 82, 17);
    Spend s = ledger.spend();
    assertThat(s.steps()).isEqualTo(2);
    assertThat(s.inputTokens()).isEqualTo(738);
    assertThat(s.outputTokens()).isEqualTo(91);
    // 656*3 + 74*15 = 3078 -> 0.003078 ; 82*2 + 17*8 = 300 -> 0.0003
    assertThat(s.costUsd()).isEqualByComparingTo("0.003378");
    assertThat(s.models()).containsExactly("anthropic:claude-sonnet-4-5", "openai:gpt-4.1");
    assertThat(s.summary()).isEqualTo("2 model calls, 738 tokens in / 91 out, $0.0034 (anthropic:claude-sonnet-4-5, openai:gpt-4.1)");
    assertThat(ledger.overrun()).isFalse();
  }

  @Test
  void overrunIsVisible() {
    BudgetLedger ledger = new BudgetLedger(new Budget(10, 1_000, new BigDecimal("5")), PriceTable.bundled());
    ledger.record("anthropic:claude-sonnet-4-5", 900, 200);
    assertThat(ledger.overrun()).isTrue();
    assertThatThrownBy(() -> ledger.checkBeforeCall(SONNET, 1, 1)).isInstanceOf(BudgetExceededException.class);
  }
}
