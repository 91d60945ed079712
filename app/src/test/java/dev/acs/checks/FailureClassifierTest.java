package dev.acs.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One row per sign. The runner-only messages (shutdown, lost communication, cancelled, timeout)
 * cannot be produced on this machine; their rows use the runner's wording as it appears in job
 * logs and are the only text here not taken from a build run for this project.
 */
class FailureClassifierTest {
  @ParameterizedTest(name = "[{index}] {0} -> {2}")
  @CsvSource(delimiter = '|', value = {
      // fatal: infrastructure even when tests failed before
      "##[error]The runner has received a shutdown signal. This can happen when the runner service is stopped, or a manually started runner is canceled. | true | INFRA | runner shut down",
      "##[error]The hosted runner: GitHub Actions 12 lost communication with the server. | true | INFRA | runner lost",
      "##[error]The operation was canceled. | true | INFRA | job cancelled",
      "##[error]Process completed with exit code 137. | true | INFRA | killed with SIGKILL",
      "Error: Process completed with exit code 137. | false | INFRA | killed with SIGKILL",
      "Killed | false | INFRA | killed (out of memory)",
      "There is insufficient memory for the Java Runtime Environment to continue. | false | INFRA | JVM could not get memory",
      "java.io.IOException: No space left on device | true | INFRA | disk full",
      "##[error]The job running on runner GitHub Actions 3 has exceeded the maximum execution time of 360 minutes. | true | INFRA | job timed out",
      // network: infrastructure only when nothing in the code failed
      "[ERROR] Could not transfer artifact org.x:y:pom:1.0 from/to central (https://repo.maven.apache.org/maven2): Connection reset | false | INFRA | artifact download failed",
      "[ERROR] Could not transfer artifact org.x:y:pom:1.0 from/to central (https://repo.maven.apache.org/maven2): Connection reset | true | CODE | failing tests",
      "curl: (6) Could not resolve host: github.com | false | INFRA | host name not resolvable",
      "fatal: unable to access 'https://github.com/o/r/': Could not resolve host: github.com | false | INFRA | host name not resolvable",
      "npm error code ECONNRESET | false | INFRA | connection reset",
      "java.net.ConnectException: Connection refused | false | INFRA | connection refused",
      "java.net.SocketTimeoutException: Read timed out | false | INFRA | network timeout",
      "npm error code ETIMEDOUT | false | INFRA | network timeout",
      "Error: getaddrinfo EAI_AGAIN registry.npmjs.org | false | INFRA | host name not resolvable",
      "Received status code 503 Service Unavailable from server | false | INFRA | remote service unavailable",
      // code and unknown
      "[ERROR] Tests run: 7, Failures: 1, Errors: 0, Skipped: 0 | true | CODE | failing tests",
      "##[error]Process completed with exit code 1. | false | UNKNOWN | no known failure",
      "exit code 1370 | false | UNKNOWN | no known failure",
  })
  void classifies(String line, boolean codeFailures, FailureKind kind, String reasonStart) {
    FailureClassifier.Classification c = FailureClassifier.classify(LogText.of(line), codeFailures);

    assertThat(c.kind()).isEqualTo(kind);
    assertThat(c.reason()).startsWith(reasonStart);
  }
}
