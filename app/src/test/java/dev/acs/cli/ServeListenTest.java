package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.acs.config.Env;
import dev.acs.task.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** ACS_BIND and ACS_METRICS_TOKEN on a real {@code acs serve} (Javalin on a free port, H2). */
class ServeListenTest {
  private static final String TOKEN = "metrics-token-7f3a9c";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static AcsApp start(String... vars) {
    Map<String, String> env = new HashMap<>(Map.of("ACS_WEBHOOK_SECRET", "s", "ACS_PORT", "0", "ACS_DATABASE_URL", TestDatabases.h2Url()));
    for (int i = 0; i < vars.length; i += 2) {
      env.put(vars[i], vars[i + 1]);
    }
    return AcsApp.start(new Env(env));
  }

  private HttpResponse<String> get(String host, int port, String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** An IPv4 address of this machine other than loopback, if it has one. */
  private static Optional<String> otherAddress() throws Exception {
    return NetworkInterface.networkInterfaces().filter(i -> {
      try {
        return i.isUp() && !i.isLoopback();
      } catch (SocketException e) {
        return false;
      }
    }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).map(InetAddress::getHostAddress).findFirst();
  }

  @Test
  void metricsWantTheBearerTokenWhenOneIsSet() throws Exception {
    try (AcsApp app = start("ACS_METRICS_TOKEN", TOKEN)) {
      HttpResponse<String> none = get("127.0.0.1", app.port(), "/metrics", null);
      HttpResponse<String> wrong = get("127.0.0.1", app.port(), "/metrics", "Bearer " + TOKEN + "x");
      HttpResponse<String> prefix = get("127.0.0.1", app.port(), "/metrics", "Bearer " + TOKEN.substring(0, 10));
      HttpResponse<String> basic = get("127.0.0.1", app.port(), "/metrics", "Basic " + TOKEN);
      HttpResponse<String> right = get("127.0.0.1", app.port(), "/metrics", "Bearer " + TOKEN);

      for (HttpResponse<String> denied : List.of(none, wrong, prefix, basic)) {
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"acs-metrics\"");
        assertThat(denied.body()).doesNotContain("acs_").doesNotContain(TOKEN);
      }
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(right.body()).contains("acs_webhook_ack_seconds").contains("jvm_memory");
      // Health stays open: load balancers and Docker's HEALTHCHECK carry no token.
      assertThat(get("127.0.0.1", app.port(), "/healthz", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void withoutATokenMetricsAreOpen() throws Exception {
    try (AcsApp app = start()) {
      assertThat(get("127.0.0.1", app.port(), "/metrics", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void boundToLoopbackItCannotBeReachedOnTheMachinesOtherAddresses() throws Exception {
    Optional<String> other = otherAddress();
    assumeTrue(other.isPresent(), "this machine has a non-loopback IPv4 address");
    try (AcsApp loopback = start("ACS_BIND", "127.0.0.1"); AcsApp everywhere = start()) {
      assertThat(get("127.0.0.1", loopback.port(), "/healthz", null).statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> get(other.get(), loopback.port(), "/healthz", null)).isInstanceOf(ConnectException.class);
      // The default, 0.0.0.0, answers on every interface.
      assertThat(get(other.get(), everywhere.port(), "/healthz", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aBindAddressThatIsNotThisMachinesIsAClearError() {
    for (String bind : new String[] {"not an address!", "192.0.2.77"}) {
      StringWriter err = new StringWriter();
      CommandLine cli = new CommandLine(new ServeCommand(new Env(Map.of("ACS_WEBHOOK_SECRET", "s", "ACS_PORT", "0", "ACS_BIND", bind,
          "ACS_DATABASE_URL", TestDatabases.h2Url()))));
      cli.setExecutionExceptionHandler(new ClearErrors());
      cli.setErr(new PrintWriter(err, true));

      assertThat(cli.execute()).as(bind).isEqualTo(2);
      assertThat(err.toString()).contains("ACS_BIND").doesNotContain("Exception");
    }
  }
}
