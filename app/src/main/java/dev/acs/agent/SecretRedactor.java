package dev.acs.agent;

import dev.acs.config.Env;
import dev.acs.config.SecretPatterns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Masks secrets in text bound for transcripts and model-call logs: the values of the configured
 * keys, and everything the secret scan recognises ({@link SecretPatterns}, the one catalogue: token
 * shapes, AWS key ids and secrets, private-key blocks with their bodies, high-entropy values
 * assigned to secret-looking names, API keys and bearer headers). Model output and provider error
 * bodies can echo a key, so everything that leaves the process passes through here.
 */
public final class SecretRedactor {
  /** Environment variables whose values are secrets wherever they show up. */
  static final List<String> SECRET_VARIABLES =
      List.of(
          "OPENAI_API_KEY",
          "ANTHROPIC_API_KEY",
          "OLLAMA_API_KEY",
          "GITHUB_TOKEN",
          "GH_TOKEN",
          "ACS_WEBHOOK_SECRET",
          "GITHUB_APP_PRIVATE_KEY");

  private final List<String> values;

  SecretRedactor(List<String> values) {
    List<String> v = new ArrayList<>();
    for (String s : values) {
      if (s != null && s.strip().length() >= 6) {
        v.add(s.strip());
      }
    }
    // Longest first, so a key containing another is masked whole.
    v.sort(Comparator.comparingInt(String::length).reversed());
    this.values = List.copyOf(v);
  }

  /** Masks the values of the known secret variables of this environment, plus the catalogue. */
  public static SecretRedactor fromEnv(Env env) {
    List<String> v = new ArrayList<>();
    for (String name : SECRET_VARIABLES) {
      env.get(name).ifPresent(v::add);
    }
    return new SecretRedactor(v);
  }

  /** Masks what the catalogue recognises only. */
  public static SecretRedactor patternsOnly() {
    return new SecretRedactor(List.of());
  }

  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String v : values) {
      out = out.replace(v, SecretPatterns.MASK);
    }
    return SecretPatterns.redact(out);
  }
}
