package dev.acs.web.login;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secrets of the login, all derived (HKDF-SHA256) from the App's OAuth client secret: every node
 * has it (the login cannot work without it), a copy of the database alone does not have it, and
 * rotating it on GitHub after a leak logs everyone out, because the stored tokens no longer open.
 *
 * <p>Users' GitHub tokens are sealed with AES-256-GCM, bound to their session row (the id hash is
 * the associated data, so a sealed token copied into another row does not open). CSRF tokens are an
 * HMAC of the session id: bound to one session, never stored.
 */
final class SessionKeys {
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  // HKDF's salt and the two purposes: labels, not keys (the key material is the client secret).
  private static final byte[] SALT = "acs web login v1".getBytes(StandardCharsets.UTF_8);
  private static final String SEAL_INFO = "token seal";
  private static final String CSRF_INFO = "csrf";

  private final SecureRandom random = new SecureRandom();
  private final SecretKeySpec sealKey;
  private final SecretKeySpec csrfKey;

  SessionKeys(String clientSecret) {
    byte[] prk = hmac(SALT, clientSecret.getBytes(StandardCharsets.UTF_8));
    byte[] seal = expand(prk, SEAL_INFO);
    byte[] csrf = expand(prk, CSRF_INFO);
    this.sealKey = new SecretKeySpec(seal, "AES");
    this.csrfKey = new SecretKeySpec(csrf, "HmacSHA256");
  }

  /** A new random id (session id, OAuth state): 32 bytes, URL-safe. */
  String randomId() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return URL.encodeToString(bytes);
  }

  /** What the database keeps instead of a session id or token: SHA-256, hex. */
  static String hash(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  String csrfToken(String sessionSecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(csrfKey);
      return URL.encodeToString(mac.doFinal(sessionSecret.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  String seal(String token, String boundTo) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
      byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
      System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is missing from this JVM", e);
    }
  }

  /** Empty when the text was sealed with another key (the client secret changed) or altered. */
  Optional<String> open(String sealed, String boundTo) {
    try {
      byte[] in = Base64.getDecoder().decode(sealed);
      if (in.length <= IV_BYTES) {
        return Optional.empty();
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
      cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
      return Optional.of(new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Compares two secrets in constant time. */
  static boolean same(String a, String b) {
    return a != null && b != null
        && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  // HKDF (RFC 5869) with one output block: 32 bytes is all AES-256 and HMAC-SHA256 need.
  private static byte[] expand(byte[] prk, String info) {
    byte[] in = Arrays.copyOf(info.getBytes(StandardCharsets.UTF_8), info.length() + 1);
    in[in.length - 1] = 1;
    return hmac(prk, in);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
