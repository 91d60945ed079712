package dev.acs.config;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %redactedMsg} in logback.xml's text format: the message with what the secret scan
 * recognises masked ({@link SecretPatterns}), so that a log line never shows what a push may not.
 */
public final class RedactedMessage extends MessageConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return SecretPatterns.redact(super.convert(event));
  }
}
