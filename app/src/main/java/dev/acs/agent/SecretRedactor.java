package dev.acs.agent;

import dev.acs.config.Env;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Masks secrets in text bound for logs and transcripts: the values of the configured keys, and
 * anything shaped like a well-known token (OpenAI {@code sk-…}, Anthropic {@code sk-ant-…}, GitHub
 * {@code ghp_…}/{@code ghs_…}/{@code github_pat_…}, bearer headers). Model output and provider
 * error bodies can echo a key, so everything that leaves the process passes through here.
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

  private static final Pattern TOKEN_SHAPES =
      Pattern.compile(
          "(sk-ant-[A-Za-z0-9_\\-]{8,}|sk-(?:proj-)?[A-Za-z0-9_\\-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}"
              + "|github_pat_[A-Za-z0-9_]{20,}|(?i:bearer)\\s+[A-Za-z0-9._\\-]{16,}|x-api-key:\\s*\\S+)");

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

  /** Masks the values of the known secret variables of this environment, plus token shapes. */
  public static SecretRedactor fromEnv(Env env) {
    List<String> v = new ArrayList<>();
    for (String name : SECRET_VARIABLES) {
      env.get(name).ifPresent(v::add);
    }
    return new SecretRedactor(v);
  }

  /** Masks token shapes only. */
  public static SecretRedactor patternsOnly() {
    return new SecretRedactor(List.of());
  }

  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String v : values) {
      out = out.replace(v, "[REDACTED]");
    }
    return TOKEN_SHAPES.matcher(out).replaceAll("[REDACTED]");
  }
}
