package dev.acs.cli;

/**
 * Where ACS's log lines go: {@code serve}'s to stdout (containers and their log collectors read
 * it), every other command's to stderr, so that what a command prints for a pipe or a script (the
 * JSON of {@code eval localize --json} or {@code explain-failure}, the lines of {@code receive})
 * is its own output only. logback.xml reads the choice from the system property {@value
 * #PROPERTY} once, when it configures itself: {@link #choose} must run before the first logger is
 * made. A {@code -Dacs.log.target=System.out|System.err} given on the command line wins.
 */
final class LogDestination {
  static final String PROPERTY = "acs.log.target";
  static final String STDOUT = "System.out";
  static final String STDERR = "System.err";

  private LogDestination() {}

  /** Sets {@value #PROPERTY} for the command these arguments run, unless it is set already. */
  static void choose(String[] args) {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, of(args));
    }
  }

  /** stdout for {@code serve}, stderr for everything else (the command is the first argument that is no option). */
  static String of(String[] args) {
    for (String a : args) {
      if (!a.startsWith("-")) {
        return a.equals("serve") ? STDOUT : STDERR;
      }
    }
    return STDERR;
  }
}
