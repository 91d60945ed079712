package dev.acs.github;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The GitHub App's RSA private key, read from PEM text. GitHub hands out PKCS#1 ({@code BEGIN RSA
 * PRIVATE KEY}); keys converted with openssl are often PKCS#8 ({@code BEGIN PRIVATE KEY}); both
 * work. Error messages name the source (variable or file) and what was found, never the key text.
 */
public final class AppPrivateKey {
  static final String KEY_VAR = "GITHUB_APP_PRIVATE_KEY";
  static final String KEY_FILE_VAR = "GITHUB_APP_PRIVATE_KEY_FILE";

  private AppPrivateKey() {}

  /**
   * The key from {@code GITHUB_APP_PRIVATE_KEY} (PEM text) or {@code GITHUB_APP_PRIVATE_KEY_FILE}
   * (a path); empty when neither is set. Setting both is an error: which one wins would be a guess.
   */
  public static Optional<RSAPrivateKey> fromEnv(Env env) {
    Optional<String> text = env.get(KEY_VAR);
    Optional<String> file = env.get(KEY_FILE_VAR);
    if (text.isPresent() && file.isPresent()) {
      throw new ConfigException(
          "Both " + KEY_VAR + " and " + KEY_FILE_VAR + " are set; set only one of them");
    }
    if (text.isPresent()) {
      return Optional.of(parse(text.get(), KEY_VAR));
    }
    return file.map(f -> read(Path.of(f)));
  }

  /** Reads a PEM file; {@code source} in errors is the path. */
  public static RSAPrivateKey read(Path file) {
    String source = KEY_FILE_VAR + " (" + file + ")";
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(source + " is not a readable file");
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), source);
    } catch (IOException e) {
      throw new ConfigException(source + " cannot be read: " + e.getClass().getSimpleName());
    }
  }

  /**
   * Parses PEM text as pasted into an environment: real newlines or literal {@code \n} escapes,
   * optional surrounding quotes, or the whole PEM base64-encoded once more (some secret stores
   * want single-line values).
   */
  public static RSAPrivateKey parse(String text, String source) {
    String pem = normalise(text);
    Object object;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      object = parser.readObject();
    } catch (IOException | RuntimeException e) {
      // BouncyCastle's messages can quote the damaged base64; keep only the kind of failure.
      throw new ConfigException(
          source + " is not a valid PEM private key (the PEM block is damaged: "
              + e.getClass().getSimpleName() + ")");
    }
    if (object == null) {
      throw new ConfigException(
          source + " holds no PEM block; expected '-----BEGIN RSA PRIVATE KEY-----' (PKCS#1) or"
              + " '-----BEGIN PRIVATE KEY-----' (PKCS#8), the .pem file GitHub lets you download");
    }
    PrivateKeyInfo info =
        switch (object) {
          case PEMKeyPair pair -> pair.getPrivateKeyInfo();
          case PrivateKeyInfo plain -> plain;
          case PEMEncryptedKeyPair ignored -> throw encrypted(source);
          case PKCS8EncryptedPrivateKeyInfo ignored -> throw encrypted(source);
          default ->
              throw new ConfigException(
                  source + " holds a " + describe(object) + ", not a private key; use the App's"
                      + " private key (.pem) from the App settings page");
        };
    PrivateKey key;
    try {
      key = new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(source + " holds a private key that cannot be loaded: "
          + e.getClass().getSimpleName());
    }
    if (key instanceof RSAPrivateKey rsa) {
      if (rsa.getModulus().bitLength() < 2048) {
        throw new ConfigException(source + " is an RSA key of " + rsa.getModulus().bitLength()
            + " bits; GitHub App keys have at least 2048");
      }
      return rsa;
    }
    throw new ConfigException(
        source + " holds a key of type " + key.getAlgorithm() + "; GitHub App keys are RSA");
  }

  private static ConfigException encrypted(String source) {
    return new ConfigException(
        source + " is encrypted with a passphrase; GitHub App keys are not, use the downloaded"
            + " .pem file as it is");
  }

  private static String describe(Object pemObject) {
    String name = pemObject.getClass().getSimpleName();
    return switch (name) {
      case "X509CertificateHolder" -> "certificate";
      case "SubjectPublicKeyInfo" -> "public key";
      default -> name;
    };
  }

  static String normalise(String text) {
    String t = text.strip();
    if (t.length() >= 2
        && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
      t = t.substring(1, t.length() - 1).strip();
    }
    if (t.contains("\\n")) {
      t = t.replace("\\r\\n", "\n").replace("\\n", "\n");
    }
    if (!t.contains("-----BEGIN")) {
      Optional<String> decoded = decodeBase64(t);
      if (decoded.isPresent() && decoded.get().contains("-----BEGIN")) {
        t = decoded.get();
      }
    }
    return t.replace("\r\n", "\n");
  }

  private static Optional<String> decodeBase64(String t) {
    try {
      return Optional.of(new String(Base64.getMimeDecoder().decode(t), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
