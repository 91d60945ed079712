package dev.acs.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.acs.config.Json;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PolicyCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  static final String PUSH =
      """
      {"action": "push", "repository": {"full_name": "o/r", "private": true, "fork": false, "default_branch": "main"},
       "actor": {"login": "alice", "type": "User", "permission": "write"},
       "trigger": {"event": "check_suite", "action": "completed", "command": null},
       "task": {"id": "t-1", "issue": 12, "attempt": 2, "tokens": 48213, "cost_usd": 0.41},
       "change": {"branch": "acs/12-fix-npe", "base": "main", "additions": 1, "deletions": 1,
                  "files": [{"path": "src/main/java/A.java", "status": "modified", "additions": 1, "deletions": 1}],
                  "test_integrity": {"tests_deleted": 0, "assertions_removed": 0, "skips_added": 0, "ci_config_changed": false}},
       "findings": {"new": []}, "config": {}}
      """;
  static final String DIFF =
      """
      diff --git a/src/main/java/A.java b/src/main/java/A.java
      --- a/src/main/java/A.java
      +++ b/src/main/java/A.java
      @@ -1 +1 @@
      -class A {}
      +final class A {}
      """;

  int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  Path write(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  JsonNode decision() throws Exception {
    return Json.MAPPER.readTree(out.toString());
  }

  @Test
  void guardrailsAloneAllowACleanPush() throws Exception {
    int code = run("policy", "eval", "--input", write("in.json", PUSH).toString(), "--diff", write("d.diff", DIFF).toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(decision().path("allow").asBoolean()).isTrue();
    assertThat(decision().path("engine").asText()).isEqualTo("guardrails");
    assertThat(err.toString()).contains("policy: guardrails only");
  }

  @Test
  void aDenialExitsWithOneAndCanBeExplained() throws Exception {
    int code = run("policy", "eval", "--input", write("in.json", PUSH).toString(), "--explain");
    assertThat(code).isEqualTo(1);
    assertThat(decision().path("deny").toString()).contains("could not be scanned for secrets");
    assertThat(err.toString()).contains("### ACS policy: `push` denied");
  }

  @Test
  void asksAnEmbeddedBundle() throws Exception {
    Path wasm = dir.resolve("policy.wasm");
    try (InputStream in = com.styra.opa.wasm.OpaPolicy.class.getResourceAsStream("/demo-policy.wasm")) {
      Files.write(wasm, in.readAllBytes());
    }
    Path data = write("roles.json", "{\"role\":{\"alice\":\"admin\"}}");
    int code =
        run("policy", "eval", "--input", write("in.json", PUSH).toString(), "--bundle", wasm.toString(), "--data", data.toString(),
            "--entrypoint", "opa/wasm/test/allowed", "--engine-only");
    // the demo policy reads input.user, which the ACS input lacks: a real "false" from the module
    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(decision().path("engine").asText()).isEqualTo("opa-wasm");
    assertThat(decision().path("deny").get(0).asText()).isEqualTo("denied by data.opa.wasm.test.allowed");
    assertThat(err.toString()).contains("embedded OPA (opa-wasm) " + wasm);
  }

  @Test
  void asksAnOpaServer() throws Exception {
    WireMockServer opa = new WireMockServer(options().dynamicPort());
    opa.start();
    try {
      opa.stubFor(post(urlEqualTo("/v1/data/acs/decision")).willReturn(okJson("{\"result\":{\"allow\":true,\"deny\":[],\"warn\":[\"w\"]}}")));
      int code =
          run("policy", "eval", "--input", write("in.json", PUSH).toString(), "--diff", write("d.diff", DIFF).toString(),
              "--opa-url", "http://localhost:" + opa.port());
      assertThat(code).as(err.toString()).isZero();
      assertThat(decision().path("engine").asText()).isEqualTo("guardrails+opa-server");
      // the server's warning, beside the guardrails' own (the default rules hold in Java too)
      assertThat(decision().path("warn").toString()).contains("\"w\"").contains("rule: source_without_test");
    } finally {
      opa.stop();
    }
  }

  @Test
  void anUnreachableEngineIsAnError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    int code = run("policy", "eval", "--input", write("in.json", PUSH).toString(), "--opa-url", "http://127.0.0.1:" + port, "--engine-only");
    assertThat(code).isEqualTo(2);
    assertThat(decision().path("allow").asBoolean()).isFalse();
    assertThat(decision().path("deny").get(0).asText()).startsWith("policy engine unavailable");
  }

  @Test
  void badInputIsAClearError() throws Exception {
    assertThat(run("policy", "eval", "--input", dir.resolve("missing.json").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("acs: no input file");
    assertThat(run("policy", "eval", "--input", write("bad.json", "{not json").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("is not a policy input document");
    assertThat(run("policy", "eval", "--input", write("in.json", PUSH).toString(), "--bundle", write("x.rego", "package x").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("neither an OPA bundle");
  }
}
