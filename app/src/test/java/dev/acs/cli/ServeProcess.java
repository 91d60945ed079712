package dev.acs.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code acs serve} as a real operating-system process: the test JVM's own classpath and JDK,
 * the environment given, a free port, its output in a log file. {@link #kill} is SIGKILL (nothing
 * of ACS runs after it), {@link #stop} SIGTERM (the shutdown hook runs).
 */
final class ServeProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private ServeProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts {@code acs serve} with {@code env} (ACS_PORT is chosen here) and waits until /healthz answers 200. */
  static ServeProcess start(Map<String, String> env, Path log) throws IOException {
    return start(env, log, null);
  }

  /** As above, in working directory {@code dir} (where the default database lives), when not null. */
  static ServeProcess start(Map<String, String> env, Path log, Path dir) throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    pb.environment().keySet().removeIf(k -> k.startsWith("ACS_") || k.startsWith("GITHUB_") || k.endsWith("_API_KEY"));
    pb.environment().putAll(env);
    pb.environment().put("ACS_PORT", String.valueOf(port));
    Process process = pb.start();
    // Never outlive the test JVM, however it ends.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    ServeProcess serve = new ServeProcess(process, port, log);
    HttpClient http = HttpClient.newHttpClient();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
        .failFast("acs serve exited; see " + log, () -> !serve.process.isAlive())
        .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    return serve;
  }

  int port() {
    return port;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL, and waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM; true when the process ended within the minute. */
  boolean stop() throws InterruptedException {
    process.destroy();
    return process.waitFor(60, TimeUnit.SECONDS);
  }

  /** Everything the process wrote so far (all its starts, when they share the log). */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
