package dev.acs.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Log levels for commands that talk to a person on the terminal ({@code demo}, {@code replay}). */
final class Logs {
  private Logs() {}

  /** Only warnings and errors: the command's own output tells the story. */
  static void quiet() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
      context.getLogger("dev.acs").setLevel(Level.WARN);
    }
  }
}
