package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.config.Env;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {
  private static int run(Env env, StringWriter err) {
    CommandLine cli = new CommandLine(new ServeCommand(env));
    cli.setExecutionExceptionHandler(new ClearErrors());
    cli.setErr(new PrintWriter(err, true));
    return cli.execute();
  }

  @Test
  void refusesToServeWithoutAWebhookSecret() {
    StringWriter err = new StringWriter();
    assertThat(run(new Env(Map.of("ACS_PORT", "0")), err)).isEqualTo(2);
    assertThat(err.toString()).contains("ACS_WEBHOOK_SECRET is not set").doesNotContain("Exception");
  }

  @Test
  void badNumbersAreClearErrors() {
    StringWriter err = new StringWriter();
    assertThat(run(new Env(Map.of("ACS_WEBHOOK_SECRET", "s", "ACS_PORT", "eighty")), err)).isEqualTo(2);
    assertThat(err.toString()).contains("ACS_PORT must be a whole number");
    StringWriter err2 = new StringWriter();
    assertThat(run(new Env(Map.of("ACS_WEBHOOK_SECRET", "s", "ACS_JOB_POLL_SECONDS", "1")), err2)).isEqualTo(2);
    assertThat(err2.toString()).contains("ACS_JOB_POLL_SECONDS must be at least 5");
  }

  @Test
  void anUnknownModelProviderStopsServeAtStart() {
    StringWriter err = new StringWriter();
    assertThat(run(new Env(Map.of("ACS_WEBHOOK_SECRET", "s", "ACS_PORT", "0", "ACS_MODEL", "foo:bar")), err)).isEqualTo(2);
    assertThat(err.toString()).contains("unknown provider 'foo'").contains("did not start").doesNotContain("Exception");
  }

  @Test
  void everyProblemIsNamedOnceAndServeDoesNotStart() {
    StringWriter err = new StringWriter();
    Env env = new Env(Map.of(
        "ACS_PORT", "eighty",
        "ACS_MODEL", "anthropic:claude-sonnet-4-5,foo:bar",
        "ACS_BUDGET_MAX_COST_USD", "five",
        "ACS_DATABASE_URL", "mysql://db/acs",
        "ACS_SANDBOX", "of"));

    assertThat(run(env, err)).isEqualTo(2);

    assertThat(err.toString().lines().filter(l -> l.startsWith("  - ")).toList())
        .hasSize(7)
        .anySatisfy(l -> assertThat(l).contains("ACS_WEBHOOK_SECRET is not set"))
        .anySatisfy(l -> assertThat(l).contains("ACS_PORT must be a whole number"))
        .anySatisfy(l -> assertThat(l).contains("ANTHROPIC_API_KEY is not set"))
        .anySatisfy(l -> assertThat(l).contains("unknown provider 'foo'"))
        .anySatisfy(l -> assertThat(l).contains("ACS_BUDGET_MAX_COST_USD"))
        .anySatisfy(l -> assertThat(l).contains("ACS_DATABASE_URL"))
        .anySatisfy(l -> assertThat(l).contains("ACS_SANDBOX"));
    assertThat(err.toString()).startsWith("acs: acs serve did not start: 7 settings need fixing").doesNotContain("Exception");
  }

  @Test
  void goodSettingsHaveNoProblems() {
    assertThat(SettingsCheck.forServe(new Env(Map.of("ACS_WEBHOOK_SECRET", "s", "ACS_MODEL", "openai:gpt-4.1", "OPENAI_API_KEY", "k")))).isEmpty();
  }

  @Test
  void serveIsASubcommandOfAcs() {
    assertThat(Main.commandLine().getSubcommands()).containsKey("serve");
  }

  @Test
  void describesTheDatabaseWithoutCredentialsOrOptions() {
    assertThat(AcsApp.describe("jdbc:postgresql://acs:hunter2@db:5432/acs?password=hunter2")).isEqualTo("jdbc:postgresql://db:5432/acs");
    assertThat(AcsApp.describe("jdbc:h2:file:./.acs/acs;MODE=PostgreSQL")).isEqualTo("jdbc:h2:file:./.acs/acs");
  }
}
