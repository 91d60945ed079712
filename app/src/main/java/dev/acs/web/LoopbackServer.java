package dev.acs.web;

import io.javalin.Javalin;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages on their own server, bound to a loopback address only ({@code acs demo --serve}): with
 * {@link LoopbackVisitors} nobody logs in, so it must never listen where another machine can
 * reach it. Refuses any other address.
 */
public final class LoopbackServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LoopbackServer.class);
  private final Javalin app;
  private final String host;

  private LoopbackServer(Javalin app, String host) {
    this.app = app;
    this.host = host;
  }

  /**
   * Starts on {@code bind} (127.0.0.1, ::1 or localhost) and {@code port} (0: any free port).
   *
   * @throws IllegalArgumentException when {@code bind} is not a loopback address
   */
  public static LoopbackServer start(String bind, int port, TaskPages pages) {
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + bind + "' is not an address; the pages without login listen on 127.0.0.1 only", e);
    }
    if (!address.isLoopbackAddress()) {
      throw new IllegalArgumentException(bind + " is not a loopback address: pages without login listen on this machine only (127.0.0.1 or ::1)");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("a port is between 0 and 65535, got " + port);
    }
    Javalin app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.startupWatcherEnabled = false;
      config.useVirtualThreads = true; // live pages hold a request each
      config.http.disableCompression(); // server-sent events must not wait in a compressor
    });
    pages.addRoutes(app);
    app.exception(Exception.class, (e, ctx) -> {
      log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
      Templates.message(ctx, 500, "Something went wrong", null, "ACS could not answer this request; its log says why.");
    });
    app.start(address.getHostAddress(), port);
    String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    return new LoopbackServer(app, host);
  }

  public int port() {
    return app.port();
  }

  /** Where a browser on this machine finds the task list. */
  public String url() {
    return "http://" + host + ":" + port() + "/";
  }

  @Override
  public void close() {
    app.stop();
  }
}
