package dev.acs.task;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The task database: a pooled {@link DataSource} with the Flyway migrations applied. H2 (file) by
 * default so ACS runs with nothing installed; PostgreSQL when several nodes share the work.
 */
public final class Database implements AutoCloseable {
  /**
   * Embedded default: a file under the working directory, open in one process at a time. (H2's
   * AUTO_SERVER would let a second process in, through a password-less TCP port on localhost, and
   * H2 refuses it together with DB_CLOSE_ON_EXIT=FALSE, which a clean stop needs.)
   */
  public static final String DEFAULT_URL = "jdbc:h2:file:./.acs/acs";

  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final boolean h2File;

  private Database(HikariDataSource dataSource, Dialect dialect, boolean h2File) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.h2File = h2File;
  }

  /** Opens the database named by {@code ACS_DATABASE_URL} (+ user, password) and migrates it. */
  public static Database fromEnv(Env env) {
    return open(
        env.get("ACS_DATABASE_URL", DEFAULT_URL),
        env.get("ACS_DATABASE_USER", ""),
        env.get("ACS_DATABASE_PASSWORD", ""),
        env.getInt("ACS_DATABASE_POOL_SIZE", 10));
  }

  public static Database open(String url, String user, String password, int poolSize) {
    Dialect dialect = Dialect.of(url);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(dialect == Dialect.H2 ? writtenAtCommit(closedByAcs(url)) : url);
    if (!user.isEmpty()) {
      config.setUsername(user);
    }
    if (!password.isEmpty()) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("acs-db");
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new ConfigException("cannot open the database " + redact(url) + ": " + rootMessage(e), e);
    }
    try {
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw new ConfigException("cannot migrate the database " + redact(url) + ": " + rootMessage(e), e);
    }
    return new Database(ds, dialect, dialect == Dialect.H2 && isH2File(url));
  }

  /** An in-memory H2 database, private to the caller: for tests and one-shot CLI runs. */
  public static Database inMemory(String name) {
    return open("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "", "", 10);
  }

  /**
   * H2 closes its databases in a JVM shutdown hook of its own, which can run before ACS's hook has
   * let the workers and jobs in hand record their state; ACS closes the database itself, last.
   * (Not possible with AUTO_SERVER=TRUE, which H2 does not allow together with it.)
   */
  static String closedByAcs(String url) {
    String upper = url.toUpperCase(Locale.ROOT);
    return upper.contains("DB_CLOSE_ON_EXIT") || upper.contains("AUTO_SERVER=TRUE") ? url : url + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  /**
   * H2 keeps a commit in memory for up to half a second by default (WRITE_DELAY=500) and writes it
   * to the file later: a process killed in between loses transactions it had committed, and with
   * them deliveries already acknowledged with 202 (measured: 23 to 188 of 200). ACS writes each
   * commit to the file before it returns, on its own files (an in-memory database has no file; a
   * URL that sets WRITE_DELAY itself is kept as given).
   */
  static String writtenAtCommit(String url) {
    return isH2File(url) && !url.toUpperCase(Locale.ROOT).contains("WRITE_DELAY") ? url + ";WRITE_DELAY=0" : url;
  }

  /** An H2 database kept in a file by this process ({@code jdbc:h2:[file:]path}), not in memory or behind a server. */
  static boolean isH2File(String url) {
    if (!url.startsWith("jdbc:h2:")) {
      return false;
    }
    String rest = url.substring("jdbc:h2:".length()).toLowerCase(Locale.ROOT);
    return !rest.startsWith("mem:") && !rest.startsWith("tcp:") && !rest.startsWith("ssl:") && !rest.startsWith("zip:");
  }

  /** True for an H2 file database: its inserts of acknowledged work also ask for a disk sync. */
  public boolean h2File() {
    return h2File;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Dialect dialect() {
    return dialect;
  }

  @Override
  public void close() {
    dataSource.close();
  }

  /** URLs may carry a password as a parameter; never print it. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  /** The two databases ACS supports; SQL that differs between them asks for this. */
  public enum Dialect {
    H2,
    POSTGRESQL;

    static Dialect of(String url) {
      if (url.startsWith("jdbc:h2:")) {
        return H2;
      }
      if (url.startsWith("jdbc:postgresql:")) {
        return POSTGRESQL;
      }
      throw new ConfigException("ACS_DATABASE_URL must be a jdbc:h2: or jdbc:postgresql: URL, got " + redact(url));
    }
  }
}
