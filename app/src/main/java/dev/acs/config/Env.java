package dev.acs.config;

import java.util.Map;
import java.util.Optional;

/**
 * Read-only view of the environment variables ACS is configured with. Each feature reads its own
 * variables through this (documented in docs/configuration.md); tests pass a plain map instead of
 * touching the process environment.
 */
public final class Env {
  private final Map<String, String> vars;

  public Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  public static Env system() {
    return new Env(System.getenv());
  }

  /** The value, or empty when unset or blank. */
  public Optional<String> get(String name) {
    String v = vars.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  public String get(String name, String fallback) {
    return get(name).orElse(fallback);
  }

  public String require(String name, String why) {
    return get(name).orElseThrow(() -> new ConfigException(name + " is not set: " + why));
  }

  public int getInt(String name, int fallback) {
    return get(name).map(v -> parseInt(name, v)).orElse(fallback);
  }

  public boolean getBoolean(String name, boolean fallback) {
    return get(name).map(v -> v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes")).orElse(fallback);
  }

  private static int parseInt(String name, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a whole number, got '" + v + "'");
    }
  }
}
