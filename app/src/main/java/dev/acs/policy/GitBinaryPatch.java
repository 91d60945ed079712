package dev.acs.policy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Git's binary patch ({@code git diff --binary}): "GIT binary patch", then "literal SIZE" and the
 * zlib-deflated bytes in git's base85, one line per 52 bytes, then a blank line. The workspace
 * writes one for every binary file a change adds or rewrites, so that the bytes reach the secret
 * scan inside the diff, which never leaves the JVM (it is not serialised to OPA), and {@code acs
 * policy --diff} reads the same from a {@code git diff --binary} file.
 */
public final class GitBinaryPatch {
  /** Larger contents are not carried (the scan then reports the file as not inspected). */
  public static final int MAX_CONTENT_BYTES = 16 * 1024 * 1024;

  static final String HEADER = "GIT binary patch";

  /**
   * The line the workspace writes, after a file's header lines, in place of a diff it left out
   * (the whole diff would grow too large); the scan then reports the file as not inspected. No
   * line of file content can look like it: content lines start with '+', '-' or ' '.
   */
  public static final String LEFT_OUT = "ACS left the diff of this file out: the whole diff would exceed its size limit";

  /** What the diff holds of one file's new content. */
  public record Carried(byte[] content, boolean leftOut) {}
  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";
  private static final int[] VALUE = new int[128];

  static {
    java.util.Arrays.fill(VALUE, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      VALUE[ALPHABET.charAt(i)] = i;
    }
  }

  private GitBinaryPatch() {}

  /** The patch text that creates {@code content}, ending with its blank line. */
  public static String literal(byte[] content) {
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(); // AutoCloseable only from Java 25; ACS builds for 21
    try {
      deflater.setInput(content);
      deflater.finish();
      byte[] buf = new byte[8192];
      while (!deflater.finished()) {
        deflated.write(buf, 0, deflater.deflate(buf));
      }
    } finally {
      deflater.end();
    }
    byte[] z = deflated.toByteArray();
    StringBuilder out = new StringBuilder(z.length * 5 / 4 + 64);
    out.append(HEADER).append('\n').append("literal ").append(content.length).append('\n');
    for (int at = 0; at < z.length; at += 52) {
      int n = Math.min(52, z.length - at);
      out.append(n <= 26 ? (char) ('A' + n - 1) : (char) ('a' + n - 27));
      for (int g = 0; g < n; g += 4) {
        long v = 0;
        for (int k = 0; k < 4; k++) {
          v = (v << 8) | (g + k < n ? z[at + g + k] & 0xff : 0);
        }
        char[] five = new char[5];
        for (int k = 4; k >= 0; k--) {
          five[k] = ALPHABET.charAt((int) (v % 85));
          v /= 85;
        }
        out.append(five);
      }
      out.append('\n');
    }
    return out.append('\n').toString();
  }

  /**
   * What each file of a git diff carries, in the order of their {@code diff --git} lines: the
   * bytes of its forward literal (null where it has none: a text file, a binary file written as
   * "Binary files differ" or as a delta), and whether the workspace left its diff out.
   *
   * @throws IllegalArgumentException when a binary patch is malformed
   */
  public static List<Carried> newContents(String diff) {
    List<Carried> out = new ArrayList<>();
    String[] lines = diff.split("\r?\n", -1);
    int i = 0;
    while (i < lines.length) {
      String line = lines[i];
      if (line.startsWith("diff --git ")) {
        out.add(new Carried(null, false));
        i++;
      } else if (out.isEmpty()) {
        i++;
      } else if (line.equals(LEFT_OUT)) {
        out.set(out.size() - 1, new Carried(null, true));
        i++;
      } else if (line.equals(HEADER) && out.get(out.size() - 1).content() == null) {
        i++;
        if (i < lines.length && lines[i].startsWith("literal ")) {
          int size = size(lines[i].substring("literal ".length()));
          ByteArrayOutputStream z = new ByteArrayOutputStream();
          i++;
          while (i < lines.length && !lines[i].isEmpty()) {
            decodeLine(lines[i], z);
            i++;
          }
          out.set(out.size() - 1, new Carried(inflate(z.toByteArray(), size), false));
        }
      } else {
        i++;
      }
    }
    return out;
  }

  private static int size(String text) {
    try {
      long n = Long.parseLong(text.strip());
      if (n < 0 || n > MAX_CONTENT_BYTES) {
        throw new IllegalArgumentException("a binary patch of " + n + " bytes is over the " + MAX_CONTENT_BYTES + " bytes read");
      }
      return (int) n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a binary patch has no valid size: literal " + text, e);
    }
  }

  private static void decodeLine(String line, ByteArrayOutputStream out) {
    char lengthChar = line.charAt(0);
    int n;
    if (lengthChar >= 'A' && lengthChar <= 'Z') {
      n = lengthChar - 'A' + 1;
    } else if (lengthChar >= 'a' && lengthChar <= 'z') {
      n = lengthChar - 'a' + 27;
    } else {
      throw new IllegalArgumentException("a binary patch line starts with '" + printable(lengthChar) + "', not a length");
    }
    if (line.length() != 1 + (n + 3) / 4 * 5) {
      throw new IllegalArgumentException("a binary patch line of " + n + " bytes has " + (line.length() - 1) + " characters");
    }
    int written = 0;
    for (int at = 1; at < line.length(); at += 5) {
      long v = 0;
      for (int k = 0; k < 5; k++) {
        char c = line.charAt(at + k);
        int d = c < 128 ? VALUE[c] : -1;
        if (d < 0) {
          throw new IllegalArgumentException("a binary patch line holds '" + printable(c) + "', not base85");
        }
        v = v * 85 + d;
      }
      if (v > 0xffffffffL) {
        throw new IllegalArgumentException("a binary patch line holds a base85 group over 32 bits");
      }
      for (int k = 3; k >= 0 && written < n; k--) {
        out.write((int) (v >>> (8 * k)) & 0xff);
        written++;
      }
    }
  }

  private static byte[] inflate(byte[] z, int size) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(z);
      byte[] content = new byte[size];
      int n = 0;
      while (n < size && !inflater.finished()) {
        int got = inflater.inflate(content, n, size - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += got;
      }
      if (n != size || !inflater.finished() && inflater.inflate(new byte[1]) > 0) {
        throw new IllegalArgumentException("a binary patch does not inflate to the " + size + " bytes it announces");
      }
      return content;
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("a binary patch is not valid zlib data: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  private static String printable(char c) {
    return Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
