package dev.acs.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.slf4j.LoggerFactory;

/**
 * A real git smart-HTTP server for tests: JGit's {@link GitServlet} on the Jetty 11 that Javalin
 * brings, serving bare repositories from a folder as {@code http://127.0.0.1:PORT/owner/repo.git}.
 * Like GitHub with an installation token, every request (fetch and push) needs HTTP Basic auth
 * with user {@code x-access-token} and the token as password; anything else gets 401. Receive-pack
 * is on and, like an unprotected GitHub branch, accepts non-fast-forward updates, so a test can
 * tell whether a client forced. {@link #protectBranch} makes the server decline pushes to a branch
 * the way a protected branch does.
 */
public final class GitHttpServer implements AutoCloseable {
  public static final String USER = "x-access-token";

  private final Path root;
  private final byte[] expectedAuth;
  private final Server server;
  private final Set<String> protectedBranches = ConcurrentHashMap.newKeySet();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger unauthorized = new AtomicInteger();
  private final AtomicReference<Runnable> afterNextFetch = new AtomicReference<>();
  private final AtomicReference<Runnable> afterNextPush = new AtomicReference<>();
  private final AtomicReference<Runnable> beforeNextReceive = new AtomicReference<>();
  private final AtomicReference<Runnable> afterNextRefsRead = new AtomicReference<>();
  private final List<Long> sentObjects = new CopyOnWriteArrayList<>();
  private final java.util.Map<String, URI> redirects = new ConcurrentHashMap<>();

  private GitHttpServer(Path root, String token) throws Exception {
    quietLogs();
    this.root = root;
    this.expectedAuth =
        ("Basic " + Base64.getEncoder().encodeToString((USER + ":" + token).getBytes(StandardCharsets.UTF_8)))
            .getBytes(StandardCharsets.UTF_8);

    GitServlet git = new GitServlet();
    git.setRepositoryResolver(this::open);
    git.setReceivePackFactory((req, db) -> receivePack(db));
    git.setUploadPackFactory((req, db) -> uploadPack(db));

    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.setContextPath("/");
    context.addFilter(new FilterHolder(new TokenAuth()), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(git), "/*");

    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(context);
    server.start();
  }

  /** Starts a server on a random port serving the bare repositories under {@code root}. */
  public static GitHttpServer start(Path root, String token) throws Exception {
    return new GitHttpServer(root, token);
  }

  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** The clone URL of {@code owner/repo}, shaped like GitHub's. */
  public URI url(String fullName) {
    return URI.create("http://127.0.0.1:" + port() + "/" + fullName + ".git");
  }

  /** Creates an empty bare repository {@code owner/repo} with default branch {@code main}. */
  public Path createRepository(String fullName) throws Exception {
    Path dir = bareDir(fullName);
    Files.createDirectories(dir.getParent());
    try (Git ignored = Git.init().setBare(true).setInitialBranch("main").setDirectory(dir.toFile()).call()) {
      return dir;
    }
  }

  /** The bare repository behind {@code owner/repo}, for tests to inspect what was pushed. */
  public Path bareDir(String fullName) {
    return root.resolve(fullName + ".git");
  }

  /** Pushes to {@code refs/heads/<branch>} are declined from now on, as by branch protection. */
  public void protectBranch(String branch) {
    protectedBranches.add(branch);
  }

  /**
   * Runs {@code action} once, right after the next fetch has been served: lets a test make
   * "someone pushes again" happen between a client's fetch and its next push.
   */
  public void afterNextFetch(Runnable action) {
    afterNextFetch.set(action);
  }

  /**
   * Runs {@code action} once, after the next push has updated its refs and before the answer is
   * finished: a test can hold the pusher there (and kill it) once the push took effect.
   */
  public void afterNextPush(Runnable action) {
    afterNextPush.set(action);
  }

  /**
   * Runs {@code action} once, right after the server has listed its refs for the next fetch
   * (GET info/refs), whether or not the fetch then wants objects: lets a test land a push just
   * after a client re-read a branch that had not moved.
   */
  public void afterNextRefsRead(Runnable action) {
    afterNextRefsRead.set(action);
  }

  /**
   * Runs {@code action} once, inside the next push after the server has read the pushed commands
   * and before it updates any ref (a pre-receive hook): lets a test land someone else's push in
   * the middle of a client's push, after the ref advertisement the client checked.
   */
  public void beforeNextReceive(Runnable action) {
    beforeNextReceive.set(action);
  }

  /** Answers every request for {@code fullName} with a 301 to the same path under {@code target}, before auth. */
  public void redirect(String fullName, URI target) {
    redirects.put("/" + fullName + ".git", target);
  }

  /** "METHOD path?query" of every request, in order (never the auth header). */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** How many objects each served fetch sent, in order: shows whether a fetch was incremental. */
  public List<Long> sentObjectCounts() {
    return List.copyOf(sentObjects);
  }

  public int unauthorizedCount() {
    return unauthorized.get();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  // Without a logback configuration everything logs at DEBUG; Jetty's and JGit's file-level chatter
  // (tens of thousands of lines per test class) would bury the test output. Protocol-level JGit
  // logging stays on, so tests that capture logs still see what a push or fetch logs.
  private static void quietLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      context.getLogger("org.eclipse.jetty").setLevel(ch.qos.logback.classic.Level.INFO);
      context.getLogger("org.eclipse.jgit.internal").setLevel(ch.qos.logback.classic.Level.INFO);
    }
  }

  private Repository open(HttpServletRequest req, String name) throws RepositoryNotFoundException {
    // Only owner/repo(.git); nothing that could climb out of the root.
    String clean = name.endsWith(".git") ? name.substring(0, name.length() - 4) : name;
    if (!clean.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+") || clean.contains("..")) {
      throw new RepositoryNotFoundException(name);
    }
    Path dir = bareDir(clean);
    if (!Files.isDirectory(dir)) {
      throw new RepositoryNotFoundException(name);
    }
    try {
      return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
    } catch (IOException e) {
      throw new RepositoryNotFoundException(name, e);
    }
  }

  private ReceivePack receivePack(Repository db) {
    ReceivePack pack = new ReceivePack(db);
    pack.setAllowNonFastForwards(true);
    pack.setPreReceiveHook(
        (rp, commands) -> {
          Runnable action = beforeNextReceive.getAndSet(null);
          if (action != null) {
            action.run();
          }
          for (ReceiveCommand cmd : commands) {
            String ref = cmd.getRefName();
            if (ref.startsWith("refs/heads/") && protectedBranches.contains(ref.substring("refs/heads/".length()))) {
              cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "protected branch hook declined");
            }
          }
        });
    pack.setPostReceiveHook(
        (rp, commands) -> {
          Runnable action = afterNextPush.getAndSet(null);
          if (action != null) {
            action.run();
          }
        });
    return pack;
  }

  private UploadPack uploadPack(Repository db) {
    UploadPack pack = new UploadPack(db);
    pack.setPostUploadHook(
        stats -> {
          sentObjects.add(stats.getTotalObjects());
          Runnable action = afterNextFetch.getAndSet(null);
          if (action != null) {
            action.run();
          }
        });
    return pack;
  }

  /** Basic auth like GitHub's for installation tokens; compares in constant time. */
  private final class TokenAuth implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest req = (HttpServletRequest) request;
      HttpServletResponse res = (HttpServletResponse) response;
      String query = req.getQueryString();
      requests.add(req.getMethod() + " " + req.getRequestURI() + (query == null ? "" : "?" + query));
      for (var r : redirects.entrySet()) {
        if (req.getRequestURI().startsWith(r.getKey())) {
          String rest = req.getRequestURI().substring(r.getKey().length()) + (query == null ? "" : "?" + query);
          res.setStatus(301);
          res.setHeader("Location", r.getValue().toString() + rest);
          return;
        }
      }
      String auth = req.getHeader("Authorization");
      byte[] given = auth == null ? new byte[0] : auth.getBytes(StandardCharsets.UTF_8);
      if (!MessageDigest.isEqual(given, expectedAuth)) {
        unauthorized.incrementAndGet();
        res.setHeader("WWW-Authenticate", "Basic realm=\"GitHub\"");
        res.sendError(401);
        return;
      }
      // GitServlet's default services look at the remote user to allow receive-pack.
      HttpServletRequestWrapper asUser =
          new HttpServletRequestWrapper(req) {
            @Override
            public String getRemoteUser() {
              return USER;
            }
          };
      // This server answers in protocol v0, which lists the refs in the GET of info/refs.
      boolean refsRead = "GET".equals(req.getMethod()) && "service=git-upload-pack".equals(query);
      Runnable action = refsRead ? afterNextRefsRead.getAndSet(null) : null;
      if (action == null) {
        chain.doFilter(asUser, response);
        return;
      }
      // The refs are computed now but held back until the action is done: GitServlet flushes its
      // answer itself, and a client that got it early raced ahead of the action (a flaky test).
      HeldBackResponse held = new HeldBackResponse(res);
      chain.doFilter(asUser, held);
      action.run();
      held.release();
    }
  }

  /** A response whose body is kept in memory until {@link #release()}; headers go through at once. */
  private static final class HeldBackResponse extends jakarta.servlet.http.HttpServletResponseWrapper {
    private final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    private final HttpServletResponse real;

    HeldBackResponse(HttpServletResponse real) {
      super(real);
      this.real = real;
    }

    @Override
    public jakarta.servlet.ServletOutputStream getOutputStream() {
      return new jakarta.servlet.ServletOutputStream() {
        @Override
        public void write(int b) {
          body.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          body.write(b, off, len);
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(jakarta.servlet.WriteListener listener) {
          throw new UnsupportedOperationException("blocking only");
        }
      };
    }

    @Override
    public java.io.PrintWriter getWriter() {
      return new java.io.PrintWriter(new java.io.OutputStreamWriter(body, StandardCharsets.UTF_8), true);
    }

    @Override
    public void flushBuffer() {
      // held back: nothing reaches the client before release()
    }

    void release() throws IOException {
      real.getOutputStream().write(body.toByteArray());
      real.flushBuffer();
    }
  }
}
