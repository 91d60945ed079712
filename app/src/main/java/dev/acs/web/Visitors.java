package dev.acs.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Tells who sent a request. Two kinds: GitHub login (session cookie or {@code Authorization:
 * Bearer <GitHub token>}), and the loopback demo server (everyone on 127.0.0.1 is an admin, no
 * login). Pages send an unidentified visitor to {@link #loginPath()}; the API answers 401.
 */
public interface Visitors {
  /** The viewer behind this request, or empty when it carries no valid session or token. */
  Optional<Viewer> identify(Context ctx);

  /** Where a page sends a visitor who is not logged in; empty when there is no login (loopback). */
  Optional<String> loginPath();

  /**
   * Where the pages' "Log out" button posts (with the viewer's CSRF token as form field {@code
   * csrf}); empty when there is nothing to log out of (loopback).
   */
  default Optional<String> logoutPath() {
    return Optional.empty();
  }

  /**
   * The origin the login sends the browser to (GitHub's web address, e.g. {@code
   * https://github.com}), for the pages' {@code form-action}; empty when there is no login.
   */
  default Optional<String> loginOrigin() {
    return Optional.empty();
  }

  /** Adds this kind's own routes (login, OAuth callback, logout); none for loopback. */
  void addRoutes(Javalin app);
}
