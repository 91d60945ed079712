package dev.acs.workspace;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A repository ACS works on: its {@code owner/name} (which names the mirror folder) and the URL to
 * fetch from and push to. The URL must not carry credentials; the token travels separately.
 */
public record GitRemote(String fullName, URI url) {
  private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

  public GitRemote {
    if (fullName == null) {
      throw new IllegalArgumentException("repository name is missing");
    }
    String[] parts = fullName.split("/", -1);
    if (parts.length != 2 || !validPart(parts[0]) || !validPart(parts[1])) {
      throw new IllegalArgumentException("repository name must be owner/name, got '" + fullName + "'");
    }
    if (url == null || url.getScheme() == null) {
      throw new IllegalArgumentException("repository URL is missing or has no scheme: " + url);
    }
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("file")) {
      throw new IllegalArgumentException("repository URL must be https (or file for local tests), got " + scheme);
    }
    if (url.getRawUserInfo() != null) {
      // A token in the URL would end up in .git/config and in every error message.
      throw new IllegalArgumentException("repository URL must not contain credentials; pass the token separately");
    }
  }

  public static GitRemote of(String fullName, String url) {
    return new GitRemote(fullName, URI.create(url));
  }

  public String owner() {
    return fullName.substring(0, fullName.indexOf('/'));
  }

  public String name() {
    return fullName.substring(fullName.indexOf('/') + 1);
  }

  /** Whether a token may be sent to this URL: only over HTTPS, or plain HTTP to this machine (tests). */
  boolean mayCarryToken() {
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return true;
    }
    String host = url.getHost();
    return scheme.equals("http") && host != null && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"));
  }

  private static boolean validPart(String part) {
    return NAME_PART.matcher(part).matches() && !part.equals(".") && !part.equals("..");
  }
}
