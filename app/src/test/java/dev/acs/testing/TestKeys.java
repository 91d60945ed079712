package dev.acs.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** RSA keys made in the test, written as GitHub (PKCS#1) and openssl (PKCS#8) write them. */
public final class TestKeys {
  private static KeyPair shared;

  private TestKeys() {}

  /** One 2048-bit pair per test JVM: generating one takes a noticeable moment. */
  public static synchronized KeyPair rsa() {
    if (shared == null) {
      shared = generate("RSA", 2048);
    }
    return shared;
  }

  public static KeyPair generate(String algorithm, int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code -----BEGIN RSA PRIVATE KEY-----}, as in the .pem GitHub lets you download. */
  public static String pkcs1(KeyPair pair) {
    return pem(pair.getPrivate());
  }

  /** {@code -----BEGIN PRIVATE KEY-----}. */
  public static String pkcs8(KeyPair pair) {
    try {
      return pem(new JcaPKCS8Generator(pair.getPrivate(), null).generate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
