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
  void serveIsASubcommandOfAcs() {
    assertThat(Main.commandLine().getSubcommands()).containsKey("serve");
  }

  @Test
  void describesTheDatabaseWithoutCredentialsOrOptions() {
    assertThat(AcsApp.describe("jdbc:postgresql://acs:hunter2@db:5432/acs?password=hunter2")).isEqualTo("jdbc:postgresql://db:5432/acs");
    assertThat(AcsApp.describe("jdbc:h2:file:./.acs/acs;MODE=PostgreSQL")).isEqualTo("jdbc:h2:file:./.acs/acs");
  }
}
