package dev.acs.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import dev.acs.config.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded engine against a real OPA-compiled module: opa-java-wasm ships
 * {@code demo-policy.wasm} in its jar, built by {@code opa build -t wasm} from
 * <pre>
 * package opa.wasm.test
 * default allowed := false
 * allowed if { user := input.user; data.role[user] == "admin" }
 * </pre>
 * Its entrypoint is {@code opa/wasm/test/allowed} and it returns a boolean, which the engine
 * reads as allow/deny; bundles around it are built here the way {@code opa build} lays them out.
 */
class WasmPolicyEngineTest {
  static final String ENTRYPOINT = "opa/wasm/test/allowed";
  static final String ROLES = "{\"role\":{\"alice\":\"admin\",\"bob\":\"viewer\"}}";

  static byte[] demoWasm() {
    try (InputStream in = com.styra.opa.wasm.OpaPolicy.class.getResourceAsStream("/demo-policy.wasm")) {
      assertThat(in).as("opa-java-wasm jar carries demo-policy.wasm").isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(String s) {
    try {
      return Json.MAPPER.readTree(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A bundle laid out like opa build's output: /.manifest, /policy.wasm, data files. */
  static byte[] tarGz(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      for (var e : entries.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  static Map<String, byte[]> demoBundleEntries(String dataJson) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("/.manifest", ("{\"revision\":\"\",\"roots\":[\"\"],\"wasm\":[{\"entrypoint\":\"" + ENTRYPOINT + "\",\"module\":\"/policy.wasm\"}]}").getBytes(StandardCharsets.UTF_8));
    entries.put("/policy.wasm", demoWasm());
    entries.put("/data.json", dataJson.getBytes(StandardCharsets.UTF_8));
    return entries;
  }

  @Test
  void evaluatesARealOpaModuleWithData() {
    WasmPolicyEngine engine = WasmPolicyEngine.load(OpaBundle.read(demoWasm(), "demo-policy.wasm"), json(ROLES), ENTRYPOINT);
    PolicyDecision alice = engine.evaluate(json("{\"user\":\"alice\"}"));
    assertThat(alice.allow()).isTrue();
    assertThat(alice.engine()).isEqualTo("opa-wasm");
    PolicyDecision bob = engine.evaluate(json("{\"user\":\"bob\"}"));
    assertThat(bob.allow()).isFalse();
    assertThat(bob.deny()).containsExactly("denied by data.opa.wasm.test.allowed");
    // the same instance keeps answering (memory is reset between evaluations)
    for (int i = 0; i < 50; i++) {
      assertThat(engine.evaluate(json("{\"user\":\"" + (i % 2 == 0 ? "alice" : "bob") + "\"}")).allow()).isEqualTo(i % 2 == 0);
    }
  }

  @Test
  void dataDecides() {
    WasmPolicyEngine noData = WasmPolicyEngine.load(OpaBundle.read(demoWasm(), "demo"), null, ENTRYPOINT);
    assertThat(noData.evaluate(json("{\"user\":\"alice\"}")).allow()).isFalse();
  }

  @Test
  void nonAsciiInputIsSafe() {
    WasmPolicyEngine engine = WasmPolicyEngine.load(OpaBundle.read(demoWasm(), "demo"), json("{\"role\":{\"zoë\":\"admin\"}}"), ENTRYPOINT);
    assertThat(engine.evaluate(json("{\"user\":\"zoë\",\"note\":\"日本語 ✓\"}")).allow()).isTrue();
  }

  @Test
  void aPolicyInputReachesTheModuleAsTheContractDocument() {
    // The demo policy reads input.user, which a PolicyInput does not have: a real evaluation
    // that ends in a boolean false, so a denial (the engine never defaults to allow).
    WasmPolicyEngine engine = WasmPolicyEngine.load(OpaBundle.read(demoWasm(), "demo"), json(ROLES), ENTRYPOINT);
    PolicyDecision d = engine.decide(Inputs.push());
    assertThat(d.allow()).isFalse();
    assertThat(d.engineUnavailable()).isFalse();
  }

  @Test
  void theDefaultEntrypointMustExist() {
    assertThatThrownBy(() -> WasmPolicyEngine.load(OpaBundle.read(demoWasm(), "demo.wasm"), json(ROLES), null))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "policy module demo.wasm has no entrypoint acs/decision (it has [opa/wasm/test/allowed]): "
                + "build it with 'opa build -t wasm -e acs/decision ...'");
  }

  @Test
  void bytesThatAreNotWasmOrABundleAreRejected() {
    assertThatThrownBy(() -> OpaBundle.read("package acs\n".getBytes(), "decision.rego"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("decision.rego is neither an OPA bundle (.tar.gz) nor a wasm module");
    byte[] brokenWasm = Arrays.copyOf(demoWasm(), 200);
    assertThatThrownBy(() -> WasmPolicyEngine.load(OpaBundle.read(brokenWasm, "cut.wasm"), null, ENTRYPOINT))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("policy module cut.wasm cannot be loaded as an OPA wasm policy");
  }

  @Test
  void corruptTarballsAreRejected() throws IOException {
    byte[] bundle = tarGz(demoBundleEntries(ROLES));
    byte[] truncated = Arrays.copyOf(bundle, bundle.length / 2);
    assertThatThrownBy(() -> OpaBundle.read(truncated, "bundle.tar.gz"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("policy bundle bundle.tar.gz is not a readable .tar.gz");
    Map<String, byte[]> noWasm = demoBundleEntries(ROLES);
    noWasm.remove("/policy.wasm");
    assertThatThrownBy(() -> OpaBundle.read(tarGz(noWasm), "bundle.tar.gz"))
        .hasMessageContaining("holds no policy.wasm: build it with the wasm target");
    assertThatThrownBy(() -> OpaBundle.read(tarGz(demoBundleEntries("{oops")), "bundle.tar.gz"))
        .hasMessageContaining("bundle.tar.gz:/data.json is not valid JSON");
  }

  @Test
  void readsABundleWithItsDataMergedByFolder() throws IOException {
    Map<String, byte[]> entries = demoBundleEntries("{\"role\":{\"bob\":\"viewer\"}}");
    entries.put("/role/data.json", "{\"carol\":\"admin\"}".getBytes(StandardCharsets.UTF_8));
    OpaBundle bundle = OpaBundle.read(tarGz(entries), "bundle.tar.gz");
    assertThat(bundle.data()).isEqualTo(json("{\"role\":{\"bob\":\"viewer\",\"carol\":\"admin\"}}"));
    WasmPolicyEngine engine = WasmPolicyEngine.load(bundle, bundle.data(), ENTRYPOINT);
    assertThat(engine.evaluate(json("{\"user\":\"carol\"}")).allow()).isTrue();
  }

  @Test
  void loadsABundleFromTheEnvironment(@TempDir Path dir) throws IOException {
    Path bundle = dir.resolve("bundle.tar.gz");
    Files.write(bundle, tarGz(demoBundleEntries(ROLES)));
    PolicyGates gates = PolicyGates.fromEnv(new Env(Map.of("ACS_POLICY_BUNDLE", bundle.toString(), "ACS_POLICY_ENTRYPOINT", ENTRYPOINT)), List::of);
    assertThat(gates.describe()).startsWith("policy: guardrails AND embedded OPA (opa-wasm) " + bundle).contains("entrypoint " + ENTRYPOINT)
        .endsWith("; decisions by guardrails+opa-wasm");
    assertThat(gates.name()).isEqualTo("guardrails+opa-wasm");
    WasmPolicyEngine engine = (WasmPolicyEngine) gates.engine().orElseThrow();
    assertThat(engine.evaluate(json("{\"user\":\"alice\"}")).allow()).isTrue();
    // the guardrails read the bundle's data document
    assertThat(gates.guardrails().data().source()).isEqualTo(bundle + " (bundle data)");
  }

  @Test
  void aBareWasmTakesTheDataJsonBesideIt(@TempDir Path dir) throws IOException {
    Path wasm = dir.resolve("policy.wasm");
    Files.write(wasm, demoWasm());
    Files.writeString(dir.resolve("data.json"), ROLES);
    PolicyGates gates = PolicyGates.fromEnv(new Env(Map.of("ACS_POLICY_BUNDLE", wasm.toString(), "ACS_POLICY_ENTRYPOINT", ENTRYPOINT)), List::of);
    assertThat(((WasmPolicyEngine) gates.engine().orElseThrow()).evaluate(json("{\"user\":\"alice\"}")).allow()).isTrue();

    Path other = dir.resolve("other.json");
    Files.writeString(other, "{\"role\":{\"alice\":\"viewer\"}}");
    PolicyGates overridden =
        PolicyGates.fromEnv(
            new Env(Map.of("ACS_POLICY_BUNDLE", wasm.toString(), "ACS_POLICY_ENTRYPOINT", ENTRYPOINT, "ACS_POLICY_DATA", other.toString())), List::of);
    assertThat(((WasmPolicyEngine) overridden.engine().orElseThrow()).evaluate(json("{\"user\":\"alice\"}")).allow()).isFalse();
  }

  @Test
  void aMissingBundleFileIsAClearError() {
    assertThatThrownBy(() -> PolicyGates.fromEnv(new Env(Map.of("ACS_POLICY_BUNDLE", "/nonexistent/bundle.tar.gz")), List::of))
        .isInstanceOf(ConfigException.class)
        .hasMessage("ACS_POLICY_BUNDLE names /nonexistent/bundle.tar.gz, which is not a readable file");
  }
}
