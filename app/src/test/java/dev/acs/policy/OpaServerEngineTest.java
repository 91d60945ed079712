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
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

  OpaServerEngine engine(int retries) {
    return new OpaServerEngine("http://localhost:" + opa.port(), "acs/decision", Duration.ofMillis(500), retries, null);
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
  void aSlowServerTimesOut() {
    opa.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"result\":{\"allow\":true}}").withFixedDelay(1500)));
    long start = System.nanoTime();
    PolicyDecision d = engine(1).decide(Inputs.push());
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(d.allow()).isFalse();
    assertThat(d.deny()).singleElement().asString().contains("did not answer within 500 ms after 2 tries");
    assertThat(ms).isLessThan(1400);
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
    PolicyGates gates = PolicyGates.fromEnv(new Env(Map.of("ACS_OPA_URL", "http://localhost:" + opa.port(), "ACS_OPA_TOKEN", "s3cr3t-opa-token")), List::of);
    assertThat(gates.describe()).doesNotContain("s3cr3t").contains("OPA server (opa-server) http://localhost:" + opa.port() + PATH);
    assertThat(gates.engine().orElseThrow().decide(Inputs.push()).allow()).isTrue();
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
