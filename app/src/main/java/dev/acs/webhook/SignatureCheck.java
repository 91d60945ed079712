package dev.acs.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-Hub-Signature-256}: {@code sha256=} followed by the hex HMAC-SHA256 of the raw
 * body keyed with the webhook secret. The comparison takes the same time wherever the first
 * differing byte is, so the signature cannot be guessed byte by byte.
 */
public final class SignatureCheck {
  private static final String PREFIX = "sha256=";
  private static final int HEX_LENGTH = 64;

  private final Mac keyed;

  public SignatureCheck(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("the webhook secret must not be empty");
    }
    try {
      keyed = Mac.getInstance("HmacSHA256");
      keyed.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** True only for a well-formed header whose digest matches the body. */
  public boolean verify(byte[] body, String header) {
    if (header == null || header.length() != PREFIX.length() + HEX_LENGTH || !header.startsWith(PREFIX)) {
      return false;
    }
    byte[] claimed;
    try {
      claimed = HexFormat.of().parseHex(header, PREFIX.length(), header.length());
    } catch (IllegalArgumentException notHex) {
      return false;
    }
    return MessageDigest.isEqual(digest(body), claimed);
  }

  /** The header value GitHub would send for this body (for tools and tests that sign deliveries). */
  public String sign(byte[] body) {
    return PREFIX + HexFormat.of().formatHex(digest(body));
  }

  private byte[] digest(byte[] body) {
    return newMac().doFinal(body);
  }

  // A Mac is not thread-safe; cloning the keyed one is cheaper than a fresh getInstance + init.
  private Mac newMac() {
    try {
      return (Mac) keyed.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 Mac cannot be cloned", e);
    }
  }

  @Override
  public String toString() {
    return "SignatureCheck[HmacSHA256, secret hidden]";
  }
}
