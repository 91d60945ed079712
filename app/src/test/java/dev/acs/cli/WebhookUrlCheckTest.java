package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code acs setup} refuses a webhook URL github.com could never deliver to, and names the App uniquely. */
class WebhookUrlCheckTest {
  @ParameterizedTest
  @CsvSource({
    "http://localhost:3000/webhooks, this machine",
    "http://app.localhost/webhooks, this machine",
    "http://127.0.0.1:3000/webhooks, this machine",
    "http://0.0.0.0:3000/webhooks, this machine",
    "http://[::1]:3000/webhooks, this machine",
    "http://10.1.2.3/webhooks, private address",
    "http://172.20.0.5/webhooks, private address",
    "http://192.168.1.10/webhooks, private address",
    "http://169.254.1.1/webhooks, private address",
    "http://[fd12:3456::1]/webhooks, private address",
    "http://acs.local/webhooks, only your network",
    "https://acs.corp.internal/webhooks, only your network",
  })
  void namesGitHubCannotReachAreRefused(String url, String why) {
    assertThat(WebhookUrlCheck.unreachableFromGitHub(URI.create(url))).get().asString().contains(why);
  }

  @ParameterizedTest
  @CsvSource({"https://acs.example.com/webhooks", "http://203.0.113.7:3000/webhooks", "https://172.32.0.1/webhooks", "https://smee.io/abc"})
  void publicNamesAndAddressesPass(String url) {
    assertThat(WebhookUrlCheck.unreachableFromGitHub(URI.create(url))).isEmpty();
  }

  @Test
  void theSuggestedNameIsTheOrganisationsOrTheHostsWithinGitHubsLimit() {
    assertThat(WebhookUrlCheck.suggestedName("my-org", URI.create("https://acs.example.com/webhooks"))).isEqualTo("ACS my-org");
    assertThat(WebhookUrlCheck.suggestedName(null, URI.create("https://acs.example.com/webhooks"))).isEqualTo("ACS acs.example.com");
    assertThat(WebhookUrlCheck.suggestedName(null, URI.create("https://a-very-long-host-name.build.example.com/w"))).hasSizeLessThanOrEqualTo(34);
  }

  @Test
  void setupStopsBeforeStartingAnythingForALocalUrlUnlessAllowed() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int exit = cli.execute("setup", "--webhook-url", "http://localhost:3000/webhooks", "--port", "0");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("GitHub cannot deliver webhooks there (localhost is this machine)").contains("--allow-local");
  }
}
