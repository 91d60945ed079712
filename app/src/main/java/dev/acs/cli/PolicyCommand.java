package dev.acs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.acs.config.Env;
import dev.acs.config.Json;
import dev.acs.policy.DenyExplanation;
import dev.acs.policy.PolicyDecision;
import dev.acs.policy.PolicyGate;
import dev.acs.policy.PolicyGates;
import dev.acs.policy.PolicyInput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code acs policy}: tools for policy authors. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Work with the ACS policy (Rego in policies/, data in data.json).",
    subcommands = {PolicyCommand.Eval.class})
public final class PolicyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code acs policy eval --input FILE}: prints the decision JSON the effective gate gives for an
   * input document. Exit code 0 when allowed, 1 when denied, 2 on an error (including an engine
   * that could not answer).
   */
  @Command(
      name = "eval",
      mixinStandardHelpOptions = true,
      description = {
        "Print the policy decision for an input document (see docs/policies.md).",
        "Exit code: 0 allowed, 1 denied, 2 error or policy engine unavailable."
      })
  static final class Eval implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "The input document (JSON).")
    Path input;

    @Option(names = "--bundle", paramLabel = "B", description = "Embedded engine: an OPA bundle .tar.gz or .wasm (default: $ACS_POLICY_BUNDLE).")
    Path bundle;

    @Option(names = "--opa-url", paramLabel = "U", description = "OPA server base URL (default: $ACS_OPA_URL).")
    String opaUrl;

    @Option(names = "--data", paramLabel = "FILE", description = "A data.json to use instead of the bundle's or the shipped one.")
    Path data;

    @Option(names = "--entrypoint", paramLabel = "PATH", description = "Decision to ask for (default: acs/decision).")
    String entrypoint;

    @Option(names = "--diff", paramLabel = "FILE", description = "The unified diff of the change, for the secret scan (a push without it is denied).")
    Path diff;

    @Option(names = "--engine-only", description = "Ask only the OPA engine, without the built-in guardrails.")
    boolean engineOnly;

    @Option(names = "--explain", description = "Also print the markdown explanation ACS would post (on stderr).")
    boolean explain;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (bundle != null && opaUrl != null) {
        throw new UserError("give --bundle or --opa-url, not both");
      }
      PolicyGates gates = PolicyGates.fromEnv(new Env(environment()), List::of);
      err.println(gates.describe());
      PolicyInput document = read(input);
      if (diff != null) {
        document = withDiff(document, diff);
      }
      PolicyGate gate = gates;
      if (engineOnly) {
        gate = gates.engine().orElseThrow(() -> new UserError("--engine-only needs an engine: give --bundle or --opa-url"));
      }
      PolicyDecision decision = gate.decide(document);
      try {
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(decision));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      out.flush();
      if (explain) {
        err.println();
        err.print(DenyExplanation.render(document, decision));
      }
      err.flush();
      if (decision.engineUnavailable()) {
        return 2;
      }
      return decision.allow() ? 0 : 1;
    }

    private Map<String, String> environment() {
      Map<String, String> env = new HashMap<>(System.getenv());
      if (bundle != null || opaUrl != null) {
        env.remove("ACS_POLICY_BUNDLE");
        env.remove("ACS_OPA_URL");
      }
      if (bundle != null) {
        env.put("ACS_POLICY_BUNDLE", bundle.toString());
      }
      if (opaUrl != null) {
        env.put("ACS_OPA_URL", opaUrl);
      }
      if (data != null) {
        env.put("ACS_POLICY_DATA", data.toString());
      }
      if (entrypoint != null) {
        env.put("ACS_POLICY_ENTRYPOINT", entrypoint);
      }
      return env;
    }

    private static PolicyInput read(Path file) {
      if (!Files.isRegularFile(file)) {
        throw new UserError("no input file " + file);
      }
      try {
        PolicyInput in = Json.MAPPER.readValue(file.toFile(), PolicyInput.class);
        if (in == null) {
          throw new UserError(file + " holds no input document");
        }
        return in;
      } catch (IOException e) {
        throw new UserError(file + " is not a policy input document: " + e.getMessage().lines().findFirst().orElse(""));
      }
    }

    private static PolicyInput withDiff(PolicyInput in, Path file) {
      if (in.change() == null) {
        throw new UserError("--diff needs an input with a change");
      }
      String text;
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        throw new UserError("cannot read the diff " + file + ": " + e.getMessage());
      }
      PolicyInput.Change c = in.change();
      PolicyInput.Change withDiff =
          new PolicyInput.Change(c.branch(), c.base(), c.additions(), c.deletions(), c.files(), c.testIntegrity(), text);
      return new PolicyInput(
          in.action(), in.repository(), in.actor(), in.trigger(), in.task(), withDiff, in.findings(), in.config(), in.plan());
    }
  }
}
