package dev.acs.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The visitors of a server that listens on 127.0.0.1 only ({@code acs demo --serve}): whoever can
 * reach the port is on this machine, so everyone is an admin and nobody logs in. Forms still carry
 * a CSRF token (one per process), so another web site open in the same browser cannot post to it.
 */
public final class LoopbackVisitors implements Visitors {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Viewer viewer;

  /** @param login the name actions are taken as (the demo's stand-in GitHub knows it) */
  public LoopbackVisitors(String login) {
    byte[] token = new byte[24];
    RANDOM.nextBytes(token);
    this.viewer = new LocalViewer(login, HexFormat.of().formatHex(token));
  }

  @Override
  public Optional<Viewer> identify(Context ctx) {
    return Optional.of(viewer);
  }

  @Override
  public Optional<String> loginPath() {
    return Optional.empty();
  }

  @Override
  public void addRoutes(Javalin app) {
    // Nobody logs in on loopback.
  }

  private record LocalViewer(String login, String csrfToken) implements Viewer {
    @Override
    public boolean admin() {
      return true;
    }

    @Override
    public boolean canRead(String repositoryFullName) {
      return true;
    }

    @Override
    public String toString() {
      return "LocalViewer[" + login + "]"; // not the token
    }
  }
}
