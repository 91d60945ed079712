package dev.acs.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.styra.opa.wasm.OpaPolicy;
import dev.acs.config.ConfigException;
import dev.acs.config.Json;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded OPA engine: runs a policy compiled to WebAssembly ({@code opa build -t wasm}) in
 * process with opa-java-wasm. The module is checked when loaded (a wasm module, the entrypoint
 * present, the data accepted), so a bad bundle stops ACS at start-up rather than at the first
 * push. Any failure while evaluating denies ("policy engine unavailable") and the module is
 * loaded afresh for the next decision, as a failed evaluation may leave its memory inconsistent.
 *
 * <p>One module instance evaluates one decision at a time (the SDK's instances are not
 * thread-safe); decisions are rare next to model calls, so they queue rather than pool.
 */
public final class WasmPolicyEngine implements PolicyGate {
  public static final String NAME = "opa-wasm";
  public static final String DEFAULT_ENTRYPOINT = "acs/decision";

  private static final Logger log = LoggerFactory.getLogger(WasmPolicyEngine.class);

  // The SDK sizes its buffers by String.length(); escaping non-ASCII keeps chars == bytes.
  static final ObjectWriter ASCII_JSON = Json.MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

  private final byte[] wasm;
  private final String dataJson;
  private final String entrypoint;
  private final String source;
  private OpaPolicy policy; // guarded by this; null after a failure until the next decision

  private WasmPolicyEngine(byte[] wasm, String dataJson, String entrypoint, String source) {
    this.wasm = wasm;
    this.dataJson = dataJson;
    this.entrypoint = entrypoint;
    this.source = source;
    this.policy = instantiate();
  }

  /**
   * Loads a module with its data document. Throws {@link ConfigException} with a clear message
   * when the bytes are not an OPA wasm module or the entrypoint is missing.
   */
  public static WasmPolicyEngine load(OpaBundle bundle, JsonNode data, String entrypoint) {
    if (!OpaBundle.isWasm(bundle.wasm())) {
      throw new ConfigException("policy module " + bundle.source() + " is not a wasm module");
    }
    String ep = entrypoint == null || entrypoint.isBlank() ? DEFAULT_ENTRYPOINT : entrypoint;
    String json;
    try {
      json = ASCII_JSON.writeValueAsString(data == null ? Json.MAPPER.createObjectNode() : data);
    } catch (JsonProcessingException e) {
      throw new ConfigException("cannot serialize the policy data: " + e.getOriginalMessage(), e);
    }
    return new WasmPolicyEngine(bundle.wasm(), json, ep, bundle.source());
  }

  @Override
  public String name() {
    return NAME;
  }

  public String entrypoint() {
    return entrypoint;
  }

  public String source() {
    return source;
  }

  @Override
  public PolicyDecision decide(PolicyInput input) {
    try {
      return evaluate(Json.MAPPER.valueToTree(input));
    } catch (IllegalArgumentException e) {
      return PolicyDecision.unavailable(NAME, "the input could not be serialized: " + e.getMessage());
    }
  }

  /** Evaluates the entrypoint for any input document (the CLI and tests use this directly). */
  public synchronized PolicyDecision evaluate(JsonNode input) {
    String out;
    try {
      if (policy == null) {
        policy = instantiate();
      }
      out = policy.evaluate(ASCII_JSON.writeValueAsString(input));
    } catch (JsonProcessingException | RuntimeException | StackOverflowError e) {
      policy = null;
      log.warn("wasm policy {} failed to evaluate {}: {}", source, entrypoint, e.toString());
      return PolicyDecision.unavailable(NAME, "the wasm policy failed to evaluate: " + e.getClass().getSimpleName());
    }
    try {
      JsonNode results = Json.MAPPER.readTree(out);
      if (!results.isArray()) {
        return PolicyDecision.unavailable(NAME, "the wasm policy returned no result set");
      }
      if (results.isEmpty()) {
        return PolicyDecision.unavailable(NAME, "data." + DecisionDocument.dotted(entrypoint) + " is undefined in " + source);
      }
      return DecisionDocument.parse(results.get(0).get("result"), NAME, entrypoint);
    } catch (JsonProcessingException e) {
      return PolicyDecision.unavailable(NAME, "the wasm policy returned invalid JSON");
    } catch (DecisionDocument.Malformed e) {
      return PolicyDecision.unavailable(NAME, e.getMessage());
    }
  }

  private OpaPolicy instantiate() {
    OpaPolicy p;
    try {
      p = OpaPolicy.builder().withPolicy(wasm).build();
    } catch (RuntimeException | LinkageError e) {
      throw new ConfigException("policy module " + source + " cannot be loaded as an OPA wasm policy: " + rootMessage(e), e);
    }
    Map<String, Integer> entrypoints;
    try {
      entrypoints = new TreeMap<>(p.entrypoints());
    } catch (RuntimeException e) {
      throw new ConfigException("policy module " + source + " does not list its entrypoints: " + rootMessage(e), e);
    }
    if (!entrypoints.containsKey(entrypoint)) {
      throw new ConfigException(
          "policy module " + source + " has no entrypoint " + entrypoint + " (it has " + entrypoints.keySet()
              + "): build it with 'opa build -t wasm -e " + entrypoint + " ...'");
    }
    try {
      p.entrypoint(entrypoint);
      p.data(dataJson);
    } catch (RuntimeException e) {
      throw new ConfigException("policy module " + source + " rejected its data document: " + rootMessage(e), e);
    }
    return p;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
