package dev.acs.pipeline;

import dev.acs.agent.ModelCallException;
import dev.acs.github.GitHubException;
import dev.acs.task.TaskStore;
import dev.acs.task.TransientFault;
import dev.acs.workspace.GitAuthenticationException;
import dev.acs.workspace.WorkspaceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one place that says what an exception in a task's job means: the run lost its task (quiet),
 * the job was interrupted (rescheduled), a transient fault (wait and retry with backoff), or a
 * permanent error (the task ends FAILED, the comment naming the cause).
 *
 * <p>Transient: GitHub 5xx, 429, a secondary or primary rate limit (also one whose wait is longer
 * than ACS waits in place), GraphQL errors without a definite type, no answer at all (network);
 * a model failure on every provider that {@link ModelCallException#temporary() may pass}; a
 * database that cannot be reached; git transport errors that are not about authentication or a
 * missing repository. Everything else is permanent.
 */
final class Faults {
  enum Kind {
    LOST,
    INTERRUPTED,
    TRANSIENT,
    PERMANENT
  }

  record Fault(Kind kind, String cause) {}

  private Faults() {}

  static Fault classify(Throwable e) {
    String cause = TaskPipeline.safeMessage(e);
    if (e instanceof TaskStore.LostTask) {
      return new Fault(Kind.LOST, cause);
    }
    if (e instanceof TransientFault t) {
      return new Fault(t.interrupted() ? Kind.INTERRUPTED : Kind.TRANSIENT, cause);
    }
    if (interrupted(e)) {
      return new Fault(Kind.INTERRUPTED, cause);
    }
    return new Fault(isTransient(e) ? Kind.TRANSIENT : Kind.PERMANENT, cause);
  }

  /** The job's thread was interrupted, or an interruption surfaced as an I/O or model error. */
  static boolean interrupted(Throwable e) {
    if (Thread.currentThread().isInterrupted()) {
      return true;
    }
    for (Throwable t : chain(e)) {
      if (t instanceof InterruptedException || t instanceof ClosedByInterruptException
          || t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException)) {
        return true;
      }
    }
    return false;
  }

  static boolean isTransient(Throwable e) {
    for (Throwable t : chain(e)) {
      if (t instanceof GitHubException g) {
        return gitHubTransient(g);
      }
      if (t instanceof ModelCallException m) {
        return m.temporary();
      }
      if (t instanceof GitAuthenticationException) {
        return false;
      }
      if (t instanceof WorkspaceException w) {
        String m = String.valueOf(w.getMessage()).toLowerCase(Locale.ROOT);
        return hasIo(w) && !m.contains("not found") && !m.contains("does not exist");
      }
      if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
        return true; // connection exceptions; PostgreSQL shutting down
      }
    }
    return false;
  }

  private static boolean gitHubTransient(GitHubException g) {
    int status = g.status();
    String m = String.valueOf(g.getMessage()).toLowerCase(Locale.ROOT);
    if (status <= 0 || status >= 500 || status == 429 || status == 408) {
      return true; // no answer (network), server errors, rate limits
    }
    if (status == 403 && m.contains("rate limit")) {
      return true; // primary or secondary rate limit
    }
    // A GraphQL answer with errors but no definite type (FORBIDDEN, NOT_FOUND) is GitHub's hiccup.
    return status == 422 && m.contains("graphql error") && !m.contains("unprocessable");
  }

  private static boolean hasIo(Throwable e) {
    return chain(e).stream().anyMatch(t -> t instanceof IOException);
  }

  /** The exception, then its causes and suppressed exceptions, each once, outermost first. */
  private static List<Throwable> chain(Throwable e) {
    List<Throwable> out = new ArrayList<>();
    walk(e, out, Collections.newSetFromMap(new IdentityHashMap<>()));
    return out;
  }

  private static void walk(Throwable t, List<Throwable> out, Set<Throwable> seen) {
    if (t == null || !seen.add(t) || out.size() > 32) {
      return;
    }
    out.add(t);
    walk(t.getCause(), out, seen);
    for (Throwable s : t.getSuppressed()) {
      walk(s, out, seen);
    }
  }
}
