package dev.acs.policy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The OPA server engine against WireMock speaking OPA's REST Data API as documented: POST
 * /v1/data/{path} with {"input": …}; 200 {"result": …}; 200 {} when the document is undefined;
 * errors as {"code": …, "message": …}.
 */
class OpaServerEngineTest {
  static final String PATH = "/v1/data/acs/decision";
  WireMockServer opa;

  @BeforeEach
  void start() {
    opa = new WireMockServer(options().dynamicPort());
    opa.start();
  }

  @AfterEach
  void stop() {
    opa.stop();
  }

  /** A deadline generous enough for a loaded build machine; the timeout tests set their own. */
  OpaServerEngine engine(int retries) {
    return engine(retries, 5000);
  }

  OpaServerEngine engine(int retries, int deadlineMs) {
    return new OpaServerEngine("http://localhost:" + opa.port(), "acs/decision", Duration.ofMillis(deadlineMs), retries, null);
  }

  @Test
  void postsTheInputAndReadsTheResult() {
    opa.stubFor(
        post(urlEqualTo(PATH))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(matchingJsonPath("$.input.action", equalTo("push")))
            .withRequestBody(matchingJsonPath("$.input.repository.full_name", equalTo("o/r")))
            .willReturn(okJson("{\"decision_id\":\"4ca636c1\",\"result\":{\"allow\":true,\"deny\":[],\"warn\":[\"the change touches source code but no test\"],\"require_approval\":false}}")));
    PolicyDecision d = engine(0).decide(Inputs.push());
    assertThat(d.allow()).isTrue();
    assertThat(d.warn()).containsExactly("the change touches source code but no test");
    assertThat(d.engine()).isEqualTo("opa-server");
    opa.verify(1, postRequestedFor(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.input.change.test_integrity.tests_deleted", equalTo("0"))));
    // the diff stays in ACS
    assertThat(opa.getAllServeEvents().get(0).getRequest().getBodyAsString()).doesNotContain("int y = 2");
  }

  @Test
  void readsADenial() {
    opa.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"result\":{\"allow\":false,\"deny\":[\"too big\"],\"warn\":[]}}")));
    PolicyDecision d = engine(0).decide(Inputs.push());
    assertThat(d.allow()).isFalse();
    assertThat(d.deny()).containsExactly("too big");
    assertThat(d.engineUnavailable()).isFalse();
  }

  @Test
  void anUndefinedDocumentDenies() {
    opa.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{}")));
    PolicyDecision d = engine(2).decide(Inputs.push());
    assertThat(d.allow()).isFalse();
    assertThat(d.deny()).singleElement().asString().startsWith("policy engine unavailable: data.acs.decision is undefined on the OPA server");
    opa.verify(1, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void retriesServerErrorsThenAnswers() {
    opa.stubFor(
        post(urlEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withBody("{\"code\":\"internal_error\",\"message\":\"storage closed\"}"))
            .willSetStateTo("ok"));
    opa.stubFor(post(urlEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("ok").willReturn(okJson("{\"result\":{\"allow\":true,\"deny\":[],\"warn\":[]}}")));
    assertThat(engine(2).decide(Inputs.push()).allow()).isTrue();
    opa.verify(2, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void persistentServerErrorsDenyAfterTheRetries() {
    opa.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
        .withBody("{\"code\":\"internal_error\",\"message\":\"storage closed\"}")));
    PolicyDecision d = engine(2).decide(Inputs.push());
    assertThat(d.allow()).isFalse();
    assertThat(d.deny()).containsExactly(
        "policy engine unavailable: OPA at http://localhost:" + opa.port() + " answered 500 (internal_error: storage closed) after 3 tries");
    opa.verify(3, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void clientErrorsAreNotRetried() {
    opa.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
        .withBody("{\"code\":\"invalid_parameter\",\"message\":\"error(s) occurred while evaluating query\",\"errors\":[{\"code\":\"eval_conflict_error\",\"message\":\"complete rules must not produce multiple outputs\"}]}")));
    PolicyDecision d = engine(2).decide(Inputs.push());
    assertThat(d.deny()).singleElement().asString()
        .isEqualTo("policy engine unavailable: OPA at http://localhost:" + opa.port() + " answered 400 (invalid_parameter: error(s) occurred while evaluating query)");
    opa.verify(1, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  @Timeout(10)
  void aSlowServerTimesOutWithinTheOneDeadlineOfTheDecision() {
    opa.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"result\":{\"allow\":true}}").withFixedDelay(30_000)));
    PolicyDecision d = engine(2, 500).decide(Inputs.push());
    assertThat(d.allow()).isFalse();
    // The deadline covers the retries too: no second try once it has passed.
    assertThat(d.deny()).singleElement().asString().isEqualTo("policy engine unavailable: OPA at http://localhost:" + opa.port() + " did not answer within 500 ms");
    opa.verify(1, postRequestedFor(urlEqualTo(PATH)));
  }

  /** Headers, then one byte of a body announced as 1000 bytes, then nothing: the deadline ends it. */
  @Test
  @Timeout(10)
  void headersAndOneByteDoNotHoldTheDecision() throws Exception {
    try (RawServer server = new RawServer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{", null)) {
      PolicyDecision d = server.engine().decide(Inputs.push());
      assertThat(d.allow()).isFalse();
      assertThat(d.deny()).singleElement().asString().contains("did not answer within 300 ms");
      assertThat(server.closedByClient()).as("the exchange was aborted, not left open").isTrue();
    }
  }

  /** A chunked body that dribbles one byte every 50 ms, for ever: no read ever waits long, the deadline still ends it. */
  @Test
  @Timeout(10)
  void aDribblingChunkedBodyDoesNotHoldTheDecision() throws Exception {
    try (RawServer server = new RawServer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", "1\r\n \r\n")) {
      PolicyDecision d = server.engine().decide(Inputs.push());
      assertThat(d.deny()).singleElement().asString().contains("did not answer within 300 ms");
      assertThat(server.closedByClient()).isTrue();
    }
  }

  @Test
  void aBodyOverTheLimitIsNotRead() {
    String big = "{\"result\":{\"allow\":false,\"deny\":[\"" + "x".repeat(OpaServerEngine.MAX_BODY_BYTES) + "\"]}}";
    opa.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(big)));
    assertThat(engine(2).decide(Inputs.push()).deny()).singleElement().asString().contains("answered with more than 1024 KiB");
    opa.verify(1, postRequestedFor(urlEqualTo(PATH)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a duplicate key in the decision  | {\"result\":{\"allow\":false,\"deny\":[\"no\"],\"allow\":true,\"deny\":[]}} | a duplicate key in its JSON",
        "a duplicate result               | {\"result\":{\"allow\":false,\"deny\":[\"no\"]},\"result\":{\"allow\":true}}  | a duplicate key in its JSON",
        "a second document after the first | {\"result\":{\"allow\":false,\"deny\":[\"no\"]}} {\"result\":{\"allow\":true}} | content after its JSON document",
        "trailing garbage                 | {\"result\":{\"allow\":true,\"deny\":[]}}]                                   | something that is not JSON",
      })
  void anAnswerThatIsNotExactlyOneDocumentIsUnavailable(String what, String body, String why) {
    opa.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(body)));
    PolicyDecision d = engine(0).decide(Inputs.push());
    assertThat(d.allow()).isFalse();
    assertThat(d.engineUnavailable()).isTrue();
    assertThat(d.deny()).singleElement().asString().contains("answered with " + why);
  }

  /**
   * A socket server that answers every request with {@code head}, then {@code drip} every 50 ms
   * until the client goes away (or nothing more when drip is null), and notes whether the client
   * closed the connection.
   */
  static final class RawServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;

    RawServer(String head, String drip) throws IOException {
      thread = Thread.ofPlatform().daemon().start(() -> serve(head, drip));
    }

    OpaServerEngine engine() {
      return new OpaServerEngine("http://127.0.0.1:" + socket.getLocalPort(), "acs/decision", Duration.ofMillis(300), 2, null);
    }

    private void serve(String head, String drip) {
      try (Socket client = socket.accept()) {
        InputStream in = client.getInputStream();
        readRequest(in);
        OutputStream out = client.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        client.setSoTimeout(50);
        while (true) {
          if (drip != null) {
            out.write(drip.getBytes(StandardCharsets.US_ASCII));
            out.flush();
          }
          try {
            if (in.read() < 0) {
              break; // the client closed its side
            }
          } catch (SocketTimeoutException stillOpen) {
            // the client is still there: keep dripping
          }
        }
      } catch (IOException e) {
        // a reset from the client also means it went away
      }
      closed.countDown();
    }

    private static void readRequest(InputStream in) throws IOException {
      StringBuilder headers = new StringBuilder();
      while (!headers.toString().endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          return;
        }
        headers.append((char) c);
      }
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(headers);
      if (m.find()) {
        in.readNBytes(Integer.parseInt(m.group(1)));
      }
    }

    boolean closedByClient() throws InterruptedException {
      return closed.await(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
      socket.close();
      thread.interrupt();
    }
  }

  @Test
  void nonsenseIsDenied() {
    opa.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("<html>proxy error</html>")));
    assertThat(engine(0).decide(Inputs.push()).deny()).singleElement().asString().contains("answered with something that is not JSON");
    opa.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"result\":{\"allow\":\"yes\"}}")));
    assertThat(engine(0).decide(Inputs.push()).deny()).singleElement().asString().contains("the decision has no boolean 'allow'");
    opa.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("[true]")));
    assertThat(engine(0).decide(Inputs.push()).allow()).isFalse();
  }

  @Test
  void anUnreachableServerDenies() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    OpaServerEngine engine = new OpaServerEngine("http://127.0.0.1:" + closed, "acs/decision", Duration.ofMillis(300), 1, null);
    PolicyDecision d = engine.decide(Inputs.push());
    assertThat(d.allow()).isFalse();
    assertThat(d.deny()).singleElement().asString().startsWith("policy engine unavailable: cannot reach OPA at http://127.0.0.1:" + closed);
  }

  @Test
  void sendsTheBearerTokenWithoutShowingIt() {
    opa.stubFor(post(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer s3cr3t-opa-token"))
        .willReturn(okJson("{\"result\":{\"allow\":true,\"deny\":[],\"warn\":[]}}")));
    opa.stubFor(post(urlEqualTo(PATH)).atPriority(10).willReturn(aResponse().withStatus(401)
        .withBody("{\"code\":\"unauthorized\",\"message\":\"the request is unauthorized\"}")));
    PolicyGates gates = PolicyGates.fromEnv(new Env(Map.of("ACS_OPA_URL", "http://localhost:" + opa.port(), "ACS_OPA_TOKEN", "s3cr3t-opa-token",
        "ACS_OPA_TIMEOUT_MS", "5000")), List::of);
    assertThat(gates.describe()).doesNotContain("s3cr3t").contains("OPA server (opa-server) http://localhost:" + opa.port() + PATH)
        .endsWith("; decisions by guardrails+opa-server");
    assertThat(gates.engine().orElseThrow().decide(Inputs.push()).deny()).isEmpty();
    PolicyDecision wrong = engine(0).decide(Inputs.push());
    assertThat(wrong.deny()).singleElement().asString().contains("answered 401 (unauthorized");
  }

  @Test
  void buildsTheEndpointFromTheBaseUrl() {
    assertThat(OpaServerEngine.endpoint("http://opa:8181", "acs/decision").toString()).isEqualTo("http://opa:8181/v1/data/acs/decision");
    assertThat(OpaServerEngine.endpoint("http://opa:8181/", "acs/decision").toString()).isEqualTo("http://opa:8181/v1/data/acs/decision");
    assertThat(OpaServerEngine.endpoint("https://gw/opa", "org/acs/decision").toString()).isEqualTo("https://gw/opa/v1/data/org/acs/decision");
    assertThat(OpaServerEngine.endpoint("http://opa:8181/v1/data/custom/path", "acs/decision").toString()).isEqualTo("http://opa:8181/v1/data/custom/path");
    assertThatThrownBy(() -> OpaServerEngine.endpoint("opa:8181", "acs/decision")).isInstanceOf(ConfigException.class);
  }

  @Test
  void bundleAndServerTogetherAreAConfigurationError() {
    assertThatThrownBy(() -> PolicyGates.fromEnv(new Env(Map.of("ACS_OPA_URL", "http://x:8181", "ACS_POLICY_BUNDLE", "b.tar.gz")), List::of))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not both");
  }
}
