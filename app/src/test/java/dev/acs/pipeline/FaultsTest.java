package dev.acs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.agent.ModelCallException;
import dev.acs.github.GitHubException;
import dev.acs.task.TaskStore;
import dev.acs.task.TransientFault;
import dev.acs.workspace.GitAuthenticationException;
import dev.acs.workspace.WorkspaceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What each fault a task's job meets means: the one classification ({@link Faults}). */
class FaultsTest {

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of("GitHub 502", gh(502, "open pull request: GitHub answered 502 Bad Gateway"), Faults.Kind.TRANSIENT),
        Arguments.of("GitHub 503", gh(503, "GitHub answered 503"), Faults.Kind.TRANSIENT),
        Arguments.of("no answer (network)", gh(-1, "could not talk to GitHub (ConnectException)"), Faults.Kind.TRANSIENT),
        Arguments.of("secondary rate limit", gh(403, "GitHub answered 403: You have exceeded a secondary rate limit"), Faults.Kind.TRANSIENT),
        Arguments.of("rate-limit wait over the limit", gh(429, "GitHub primary rate limit reached; GitHub asks to wait 900 s, longer than ACS waits"),
            Faults.Kind.TRANSIENT),
        Arguments.of("GraphQL hiccup", gh(422, "mark ready: GitHub GraphQL error: Something went wrong while executing your query"),
            Faults.Kind.TRANSIENT),
        Arguments.of("GraphQL forbidden", gh(403, "mark ready: GitHub GraphQL error FORBIDDEN: Resource not accessible by integration"),
            Faults.Kind.PERMANENT),
        Arguments.of("GitHub 422 validation", gh(422, "open pull request: GitHub answered 422: Validation Failed"), Faults.Kind.PERMANENT),
        Arguments.of("GitHub 404", gh(404, "GitHub answered 404 Not Found"), Faults.Kind.PERMANENT),
        Arguments.of("GitHub 403 permission", gh(403, "GitHub answered 403: Resource not accessible by integration"), Faults.Kind.PERMANENT),
        Arguments.of("every provider 429", new ModelCallException("all model providers failed: a 429; b 529", null, true), Faults.Kind.TRANSIENT),
        Arguments.of("a provider 401", new ModelCallException("openai:gpt-4.1 failed (HTTP 401 is not retried)", null, false), Faults.Kind.PERMANENT),
        Arguments.of("database unreachable", new TaskStore.StoreException("task update failed",
            new SQLTransientConnectionException("HikariPool-1 - Connection is not available")), Faults.Kind.TRANSIENT),
        Arguments.of("PostgreSQL restarting", new TaskStore.StoreException("task query failed",
            new SQLException("terminating connection due to administrator command", "57P01")), Faults.Kind.TRANSIENT),
        Arguments.of("SQL syntax", new TaskStore.StoreException("task query failed", new SQLException("bad", "42601")), Faults.Kind.PERMANENT),
        Arguments.of("git network", new WorkspaceException("cannot push: connection refused", new IOException(new ConnectException("refused"))),
            Faults.Kind.TRANSIENT),
        Arguments.of("git authentication", new GitAuthenticationException("cannot push: the server refused the access token",
            new IOException("not authorized")), Faults.Kind.PERMANENT),
        Arguments.of("git repository gone", new WorkspaceException("cannot fetch: https://x was not found", new IOException("not found")),
            Faults.Kind.PERMANENT),
        Arguments.of("interrupted GitHub call", gh(-1, "interrupted", new InterruptedException()), Faults.Kind.INTERRUPTED),
        Arguments.of("interrupted I/O", new WorkspaceException("push", new InterruptedIOException("interrupted")), Faults.Kind.INTERRUPTED),
        Arguments.of("socket timeout is no interruption", gh(-1, "timeout", new SocketTimeoutException("read timed out")), Faults.Kind.TRANSIENT),
        Arguments.of("rescheduled already", new TransientFault("502", null, false), Faults.Kind.TRANSIENT),
        Arguments.of("lost the task", new TaskStore.LostTask("t", "task is DONE"), Faults.Kind.LOST),
        Arguments.of("a bug", new IllegalStateException("oops"), Faults.Kind.PERMANENT));
  }

  static GitHubException gh(int status, String message) {
    return new GitHubException(status, message, null);
  }

  static GitHubException gh(int status, String message, Throwable cause) {
    return new GitHubException(status, message, cause);
  }

  @ParameterizedTest(name = "{0} → {2}")
  @MethodSource("faults")
  void eachFaultHasOneMeaning(String name, RuntimeException fault, Faults.Kind kind) {
    assertThat(Faults.classify(fault).kind()).isEqualTo(kind);
    assertThat(Faults.classify(fault).cause()).isNotBlank();
  }
}
