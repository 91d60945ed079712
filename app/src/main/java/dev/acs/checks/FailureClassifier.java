package dev.acs.checks;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether a failed build is worth a code repair. Precedence:
 *
 * <ol>
 *   <li>A <em>fatal</em> infrastructure sign (the runner was shut down or lost, the job was
 *       cancelled, the process was SIGKILLed / exit 137, the disk is full) makes it {@code INFRA}
 *       even when tests failed earlier: the run did not finish, so its result says nothing.
 *   <li>Otherwise, failing tests, compile errors or lint violations make it {@code CODE}.
 *   <li>Otherwise a <em>network</em> sign (artifact transfer failed, host not resolvable, connection
 *       reset/refused/timed out, registry 5xx/429) makes it {@code INFRA}. Network signs do not
 *       override code failures: builds often log a retried download and then fail a test.
 *   <li>Otherwise {@code UNKNOWN}.
 * </ol>
 */
public final class FailureClassifier {
  /** One recognisable sign: a pattern searched in each line and the reason shown when it matches. */
  record Sign(Pattern pattern, String reason, List<String> hints) {
    /**
     * {@code hints}: lower-case strings of which a matching line contains at least one; they let
     * the classifier skip the regex for the many lines that cannot match.
     */
    static Sign of(String regex, String reason, String... hints) {
      return new Sign(Pattern.compile(regex), reason, List.of(hints));
    }

    boolean matches(String line, String lowerCase) {
      for (String hint : hints) {
        if (lowerCase.contains(hint)) {
          return pattern.matcher(line).find();
        }
      }
      return false;
    }
  }

  public record Classification(FailureKind kind, String reason) {}

  static final List<Sign> FATAL = List.of(
      Sign.of("The runner has received a shutdown signal", "runner shut down", "shutdown signal"),
      Sign.of("lost communication with the server", "runner lost", "lost communication"),
      Sign.of("The operation was canceled\\.", "job cancelled", "was canceled"),
      Sign.of("(?i)\\bexit(?:ed with)? (?:code|status) 137\\b", "killed with SIGKILL (exit 137; often out of memory)", "137"),
      Sign.of("^Killed\\s*$|\\bOOMKilled\\b|Out of memory: Killed process", "killed (out of memory)", "killed"),
      Sign.of("There is insufficient memory for the Java Runtime Environment", "JVM could not get memory from the machine", "insufficient memory"),
      Sign.of("No space left on device", "disk full", "no space left"),
      Sign.of("has exceeded the maximum execution time", "job timed out", "maximum execution time"));

  static final List<Sign> NETWORK = List.of(
      Sign.of("Could not transfer (?:artifact|metadata)", "artifact download failed", "could not transfer"),
      Sign.of("Could not resolve host|Unknown host|Temporary failure in name resolution|getaddrinfo (?:ENOTFOUND|EAI_AGAIN)|\\bEAI_AGAIN\\b|Name or service not known",
          "host name not resolvable", "resolve host", "unknown host", "name resolution", "eai_again", "enotfound", "name or service"),
      Sign.of("(?i)connection reset|\\bECONNRESET\\b", "connection reset", "connection reset", "econnreset"),
      Sign.of("(?i)connection refused|\\bECONNREFUSED\\b", "connection refused", "connection refused", "econnrefused"),
      Sign.of("(?i)(?:connect|read|connection|handshake) timed? ?out|\\bETIMEDOUT\\b|TLS handshake timeout", "network timeout", "timed out", "time out",
          "timeout", "etimedout"),
      Sign.of("(?i)\\b(?:502 Bad Gateway|503 Service Unavailable|504 Gateway Time-?out|429 Too Many Requests)\\b", "remote service unavailable",
          "502", "503", "504", "429"),
      Sign.of("npm (?:ERR!|error) (?:code )?(?:E?NETWORK|network)", "npm network error", "network"));

  private FailureClassifier() {}

  static Classification classify(LogText log, boolean codeFailuresFound) {
    Optional<String> fatal = firstSign(log, FATAL);
    if (fatal.isPresent()) {
      return new Classification(FailureKind.INFRA, fatal.get());
    }
    if (codeFailuresFound) {
      return new Classification(FailureKind.CODE, "failing tests, compile errors or lint violations in the log");
    }
    Optional<String> network = firstSign(log, NETWORK);
    return network
        .map(reason -> new Classification(FailureKind.INFRA, reason))
        .orElseGet(() -> new Classification(FailureKind.UNKNOWN, "no known failure in the log"));
  }

  private static Optional<String> firstSign(LogText log, List<Sign> signs) {
    for (String line : log.lines()) {
      String lower = line.toLowerCase(java.util.Locale.ROOT);
      for (Sign sign : signs) {
        if (sign.matches(line, lower)) {
          return Optional.of(sign.reason() + ": " + abbreviate(line.strip()));
        }
      }
    }
    return Optional.empty();
  }

  private static String abbreviate(String line) {
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }
}
