package dev.acs.policy;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The effective policy gate of ACS: the built-in {@link Guardrails} (the default policy in Java,
 * and the checks only Java can make), always, AND the configured OPA engine if there is one
 * (embedded wasm from {@code ACS_POLICY_BUNDLE}, or an OPA server at {@code ACS_OPA_URL}). Both are
 * asked every time, so a denial lists every reason, and every decision is named after both
 * ({@code guardrails+opa-wasm}, {@code guardrails+opa-server}). Without an engine ACS runs on the
 * guardrails alone, which enforce the whole default policy, and {@link #describe()} says so.
 */
public final class PolicyGates implements PolicyGate {
  private final Guardrails guardrails;
  private final PolicyGate engine;
  private final String description;

  private PolicyGates(Guardrails guardrails, PolicyGate engine, String description) {
    this.guardrails = guardrails;
    this.engine = engine;
    this.description = description;
  }

  /** Guardrails with an optional engine (null for none). */
  public static PolicyGates of(Guardrails guardrails, PolicyGate engine) {
    String d =
        engine == null
            ? "guardrails only (the default policy in Java; no OPA engine configured: set ACS_POLICY_BUNDLE or ACS_OPA_URL); data from "
                + guardrails.data().source()
            : "guardrails (data from " + guardrails.data().source() + ") AND " + engine.name();
    return new PolicyGates(guardrails, engine, d);
  }

  /**
   * Builds the gate from the environment: {@code ACS_POLICY_BUNDLE} (bundle .tar.gz or .wasm),
   * {@code ACS_POLICY_DATA} (a data.json that overrides the bundle's), {@code ACS_POLICY_ENTRYPOINT}
   * (default acs/decision), or {@code ACS_OPA_URL} with {@code ACS_OPA_TOKEN},
   * {@code ACS_OPA_TIMEOUT_MS} and {@code ACS_OPA_RETRIES}. Configuration that cannot work throws
   * {@link ConfigException} at start-up.
   *
   * @param ownSecrets ACS's own credentials for the secret scan (App key, installation tokens)
   */
  public static PolicyGates fromEnv(Env env, Supplier<? extends Collection<String>> ownSecrets) {
    Optional<String> bundlePath = env.get("ACS_POLICY_BUNDLE");
    Optional<String> opaUrl = env.get("ACS_OPA_URL");
    if (bundlePath.isPresent() && opaUrl.isPresent()) {
      throw new ConfigException("set either ACS_POLICY_BUNDLE (embedded engine) or ACS_OPA_URL (OPA server), not both");
    }
    String entrypoint = env.get("ACS_POLICY_ENTRYPOINT", WasmPolicyEngine.DEFAULT_ENTRYPOINT);
    Optional<PolicyData> explicitData = env.get("ACS_POLICY_DATA").map(p -> PolicyData.fromFile(existing(p, "ACS_POLICY_DATA")));

    if (bundlePath.isPresent()) {
      Path path = existing(bundlePath.get(), "ACS_POLICY_BUNDLE");
      OpaBundle bundle = OpaBundle.read(path);
      PolicyData data = explicitData.orElseGet(() -> dataFor(bundle, path));
      WasmPolicyEngine wasm = WasmPolicyEngine.load(bundle, data.document(), entrypoint);
      Guardrails guardrails = new Guardrails(data, ownSecrets);
      return new PolicyGates(
          guardrails,
          wasm,
          "guardrails AND embedded OPA (opa-wasm) " + path + ", entrypoint " + entrypoint + ", data from " + data.source());
    }
    PolicyData data = explicitData.orElseGet(PolicyData::shipped);
    Guardrails guardrails = new Guardrails(data, ownSecrets);
    if (opaUrl.isPresent()) {
      Duration timeout = Duration.ofMillis(env.getInt("ACS_OPA_TIMEOUT_MS", (int) OpaServerEngine.DEFAULT_TIMEOUT.toMillis()));
      OpaServerEngine server =
          new OpaServerEngine(
              opaUrl.get(), entrypoint, timeout, env.getInt("ACS_OPA_RETRIES", OpaServerEngine.DEFAULT_RETRIES), env.get("ACS_OPA_TOKEN").orElse(null));
      return new PolicyGates(
          guardrails,
          server,
          "guardrails (data from " + data.source() + ") AND OPA server (opa-server) " + server.endpoint().getScheme() + "://"
              + server.endpoint().getHost() + (server.endpoint().getPort() > 0 ? ":" + server.endpoint().getPort() : "")
              + server.endpoint().getPath() + ", timeout " + timeout.toMillis() + " ms");
    }
    return of(guardrails, null);
  }

  /** The bundle's own data, else a data.json beside a bare .wasm, else the shipped data. */
  private static PolicyData dataFor(OpaBundle bundle, Path path) {
    if (bundle.data() != null) {
      return PolicyData.of(bundle.data(), path + " (bundle data)");
    }
    Path beside = path.toAbsolutePath().resolveSibling("data.json");
    if (Files.isRegularFile(beside)) {
      return PolicyData.fromFile(beside);
    }
    return PolicyData.shipped();
  }

  private static Path existing(String value, String variable) {
    Path p = Path.of(value);
    if (!Files.isRegularFile(p)) {
      throw new ConfigException(variable + " names " + value + ", which is not a readable file");
    }
    return p;
  }

  /**
   * One line for the start-up log and every ACS check-run summary: what is configured, and the
   * engine name every decision will carry (and the audit, the comment and the log line with it).
   */
  public String describe() {
    return "policy: " + description + "; decisions by " + name();
  }

  public Guardrails guardrails() {
    return guardrails;
  }

  public Optional<PolicyGate> engine() {
    return Optional.ofNullable(engine);
  }

  @Override
  public String name() {
    return engine == null ? Guardrails.NAME : Guardrails.NAME + "+" + engine.name();
  }

  @Override
  public PolicyDecision decide(PolicyInput input) {
    PolicyDecision decision = guardrails.decide(input);
    if (engine == null) {
      return decision;
    }
    PolicyDecision other;
    try {
      other = engine.decide(input);
    } catch (RuntimeException e) {
      other = PolicyDecision.unavailable(engine.name(), e.getClass().getSimpleName());
    }
    return decision.and(other);
  }
}
