package dev.acs.config;

import com.fasterxml.jackson.core.JsonStreamContext;
import net.logstash.logback.mask.ValueMasker;

/**
 * Masks, in every string value of a JSON log line (message, MDC fields, stack trace), what the
 * secret scan recognises ({@link SecretPatterns}); wired in logback.xml's JSON encoder.
 */
public final class RedactedJsonValues implements ValueMasker {
  @Override
  public Object mask(JsonStreamContext context, Object value) {
    if (value instanceof CharSequence text) {
      String original = text.toString();
      String masked = SecretPatterns.redact(original);
      return masked.equals(original) ? null : masked;
    }
    return null;
  }
}
