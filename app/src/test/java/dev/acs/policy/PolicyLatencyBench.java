package dev.acs.policy;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.acs.config.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decision latency per engine: built-in guardrails, embedded OPA wasm, guardrails AND wasm, and
 * an OPA server (WireMock on loopback answering a canned decision, so this measures ACS's client,
 * HTTP and JSON, not OPA's evaluation). Run by bench/policy.sh; not a test.
 *
 * <p>Arguments: [decisions] [warm-up] [bundle]. Without a bundle the wasm module is the demo
 * policy that ships in opa-java-wasm (a one-rule policy), so its figure is the engine's floor;
 * pass a bundle built from policies/ by {@code opa build -t wasm -e acs/decision} to measure ACS's
 * own policy.
 */
public final class PolicyLatencyBench {

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    PolicyInput input = Inputs.push();

    WasmPolicyEngine wasm;
    String wasmLabel;
    if (args.length > 2) {
      OpaBundle bundle = OpaBundle.read(Path.of(args[2]));
      wasm = WasmPolicyEngine.load(bundle, bundle.data() == null ? PolicyData.shipped().document() : bundle.data(), null);
      wasmLabel = "opa-wasm " + args[2];
    } else {
      OpaBundle demo = OpaBundle.read(WasmPolicyEngineTest.demoWasm(), "demo-policy.wasm");
      wasm = WasmPolicyEngine.load(demo, Json.MAPPER.readTree(WasmPolicyEngineTest.ROLES), WasmPolicyEngineTest.ENTRYPOINT);
      wasmLabel = "opa-wasm demo-policy.wasm (opa-java-wasm's one-rule module)";
    }
    Guardrails guardrails = new Guardrails(PolicyData.shipped(), List::of);

    WireMockServer opa = new WireMockServer(options().dynamicPort().containerThreads(8).disableRequestJournal());
    opa.start();
    String decision =
        Json.MAPPER.writeValueAsString(
            java.util.Map.of("result", java.util.Map.of("allow", true, "deny", List.of(), "warn", List.of(), "require_approval", false)));
    opa.stubFor(post(urlEqualTo("/v1/data/acs/decision")).willReturn(okJson(decision)));
    OpaServerEngine server = new OpaServerEngine("http://127.0.0.1:" + opa.port(), "acs/decision", Duration.ofSeconds(2), 0, null);

    System.out.println("machine: " + machine());
    System.out.printf(Locale.ROOT, "decisions: %d per engine after %d warm-up decisions; input: a push of 1 file with its diff%n", n, warmup);
    System.out.printf(Locale.ROOT, "%-58s %10s %10s %10s %10s%n", "engine", "p50 µs", "p99 µs", "mean µs", "max µs");
    try {
      report("guardrails (built-in, with secret scan)", guardrails, input, n, warmup);
      report(wasmLabel, wasm, input, n, warmup);
      report("guardrails AND opa-wasm", PolicyGates.of(guardrails, wasm), input, n, warmup);
      report("opa-server (WireMock on 127.0.0.1, canned decision)", server, input, n, warmup);
    } finally {
      opa.stop();
    }
  }

  private static void report(String label, PolicyGate gate, PolicyInput input, int n, int warmup) {
    for (int i = 0; i < warmup; i++) {
      gate.decide(input);
    }
    long[] micros = new long[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      PolicyDecision d = gate.decide(input);
      micros[i] = (System.nanoTime() - start) / 1_000;
      if (d.engineUnavailable()) {
        throw new IllegalStateException(label + " could not answer: " + d.deny());
      }
    }
    Arrays.sort(micros);
    double mean = Arrays.stream(micros).average().orElse(0);
    System.out.printf(
        Locale.ROOT, "%-58s %10d %10d %10.0f %10d%n", label, micros[n / 2], micros[(int) Math.ceil(n * 0.99) - 1], mean, micros[n - 1]);
  }

  private static String machine() {
    String cpu = "?";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse("?");
    } catch (Exception e) {
      // not Linux: the rest still says enough
    }
    return String.format(
        Locale.ROOT,
        "%s, %d cores visible, %s %s, Java %s (%s), max heap %d MiB",
        cpu,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }
}
