package dev.acs.config;

/** Configuration that cannot work (missing secret, unreadable key, bad URL): fail at start-up. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
