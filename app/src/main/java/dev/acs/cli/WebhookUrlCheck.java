package dev.acs.cli;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether GitHub could deliver to a webhook URL: a name or address only this machine or its
 * network knows (localhost, 127.x, 10.x, 192.168.x, fd00::, *.local ...) never gets a delivery
 * from github.com. Judged from the URL alone, without a DNS lookup.
 */
final class WebhookUrlCheck {
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  private WebhookUrlCheck() {}

  /** Why GitHub cannot reach {@code url}'s host, or empty when it may. */
  static Optional<String> unreachableFromGitHub(URI url) {
    String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return Optional.of(host + " is this machine");
    }
    for (String suffix : new String[] {".local", ".internal", ".lan", ".home.arpa", ".localdomain"}) {
      if (host.endsWith(suffix)) {
        return Optional.of(host + " is a name only your network knows");
      }
    }
    var v4 = IPV4.matcher(host);
    if (v4.matches()) {
      int a = Integer.parseInt(v4.group(1));
      int b = Integer.parseInt(v4.group(2));
      if (a == 127 || a == 0) {
        return Optional.of(host + " is this machine");
      }
      if (a == 10 || a == 172 && b >= 16 && b <= 31 || a == 192 && b == 168 || a == 169 && b == 254 || a == 100 && b >= 64 && b <= 127) {
        return Optional.of(host + " is a private address");
      }
      return Optional.empty();
    }
    if (host.contains(":")) {
      if (host.equals("::1") || host.equals("::")) {
        return Optional.of(host + " is this machine");
      }
      if (host.startsWith("fc") || host.startsWith("fd") || host.startsWith("fe80")) {
        return Optional.of(host + " is a private address");
      }
    }
    return Optional.empty();
  }

  /** A name for the App that is likely free: GitHub App names are unique across all of GitHub. */
  static String suggestedName(String organization, URI webhook) {
    String who = organization != null && !organization.isBlank() ? organization : webhook.getHost();
    String name = "ACS " + who;
    // GitHub allows at most 34 characters in an App's name.
    return name.length() <= 34 ? name : name.substring(0, 34).strip();
  }
}
