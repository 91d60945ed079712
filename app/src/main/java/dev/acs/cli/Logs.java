package dev.acs.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Log levels for commands that talk to a person on the terminal ({@code demo}, {@code replay}), and the end of a command's logs. */
final class Logs {
  private Logs() {}

  /** Only warnings and errors: the command's own output tells the story. */
  static void quiet() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
      context.getLogger("dev.acs").setLevel(Level.WARN);
    }
  }

  /**
   * Writes out what the background appenders (logback.xml) still hold, before the JVM exits: a
   * one-shot command ends with {@code System.exit}, which would drop its last lines (often its
   * warnings). Not a logback shutdown hook: that would race {@code serve}'s own shutdown hook and
   * lose the lines of its stop.
   */
  static void drain() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }
}
