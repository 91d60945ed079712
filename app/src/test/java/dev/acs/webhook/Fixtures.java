package dev.acs.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared webhook payload fixtures (never copied into the project) and signed requests made
 * from them. The HMAC here is computed independently of {@link SignatureCheck}.
 */
public final class Fixtures {
  private Fixtures() {}

  public static Path webhooksDir() {
    return dev.acs.testing.SharedFolder.require("fixtures/webhooks");
  }

  /** Every payload file, as {@code <event>/<name>.json} relative paths. */
  public static List<Path> allPayloads() {
    try (Stream<Path> files = Files.walk(webhooksDir())) {
      return files
          .filter(p -> p.toString().endsWith(".json"))
          .map(p -> webhooksDir().relativize(p))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The event name a fixture was delivered as: its folder. */
  public static String eventOf(Path relative) {
    return relative.getName(0).toString();
  }

  public static byte[] bytes(String relative) {
    return bytes(Path.of(relative));
  }

  public static byte[] bytes(Path relative) {
    try {
      return Files.readAllBytes(webhooksDir().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String hmacHex(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A delivery as GitHub sends it: event, delivery id and signature headers, JSON body. */
  public static HttpRequest signedDelivery(int port, String secret, String event, String deliveryId, byte[] body) {
    return delivery(port, event, deliveryId, body).header("X-Hub-Signature-256", "sha256=" + hmacHex(secret, body)).build();
  }

  public static HttpRequest.Builder delivery(int port, String event, String deliveryId, byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks"))
            .header("Content-Type", "application/json")
            .header("User-Agent", "GitHub-Hookshot/test")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (event != null) {
      b.header("X-GitHub-Event", event);
    }
    if (deliveryId != null) {
      b.header("X-GitHub-Delivery", deliveryId);
    }
    return b;
  }
}
