package dev.acs.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one catalogue of what a secret looks like: the secret scan of a push ({@code
 * policy.SecretScan}) blocks what it finds here, and the redaction of transcripts, logs and
 * comments masks the same, so nothing the scan would stop can leave ACS in clear through another
 * door. It lives at the bottom floor so that every package that writes text out can use it.
 *
 * <p>Shapes with a distinctive prefix (ghp_, AKIA, a PEM header) are found anywhere, even glued to
 * other characters as they are in binary files; shapes with a common prefix need a boundary before
 * them and a value that looks random.
 */
public final class SecretPatterns {
  /** What replaces a secret in redacted text. */
  public static final String MASK = "[REDACTED]";

  private static final double MIN_ENTROPY_BITS_PER_CHAR = 3.5;

  /**
   * One kind of secret. The named group {@code secret}, where present, is the part that is
   * secret (the value of an assignment); else the whole match is. Every quantifier is bounded, so
   * that a crafted run of characters costs linear time, not quadratic.
   *
   * @param random the secret must look random (letters and digits, high entropy) to count
   */
  public record Shape(String kind, Pattern pattern, boolean random) {
    boolean hasSecretGroup() {
      return pattern.pattern().contains("(?<secret>");
    }
  }

  /** A secret found in a text: its kind and where it is; deliberately without the text itself. */
  public record Match(String kind, int start, int end) {}

  static final String PRIVATE_KEY = "private key block";

  private static final List<Shape> SHAPES =
      List.of(
          new Shape("GitHub token", Pattern.compile("gh[pousr]_[A-Za-z0-9]{36,255}"), false),
          new Shape("GitHub fine-grained token", Pattern.compile("github_pat_[A-Za-z0-9_]{22,255}"), false),
          new Shape("AWS access key id", Pattern.compile("(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}"), false),
          new Shape(
              "AWS secret access key",
              Pattern.compile(
                  "(?i)(?:aws.{0,20}?(?:secret|private)|secret_?access_?key).{0,20}?[=:]\\s{0,8}[\"']?"
                      + "(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])"),
              false),
          // The header; the body that follows it up to the END line is masked too (see pemEnd).
          new Shape(PRIVATE_KEY, Pattern.compile("-----BEGIN (?:[A-Z0-9]{1,20} ){0,4}PRIVATE KEY(?: BLOCK)?-----"), false),
          new Shape("Slack token", Pattern.compile("xox[abposr]-[A-Za-z0-9-]{10,255}"), false),
          new Shape("Google API key", Pattern.compile("AIza[0-9A-Za-z_\\-]{35}"), false),
          new Shape("Stripe secret key", Pattern.compile("[sr]k_live_[0-9A-Za-z]{20,255}"), false),
          new Shape(
              "Anthropic or OpenAI API key", Pattern.compile("sk-(?:ant|proj|svcacct|admin)-[A-Za-z0-9_\\-]{16,255}"), false),
          new Shape("OpenAI API key", Pattern.compile("(?<![A-Za-z0-9_\\-])sk-(?<secret>[A-Za-z0-9_\\-]{16,255})"), true),
          new Shape("bearer token", Pattern.compile("(?i)\\bbearer\\s{1,8}(?<secret>[A-Za-z0-9._~+/\\-]{16,512}=*)"), true),
          new Shape(
              "API key header",
              Pattern.compile("(?i)\\bx-api-key[\"']?\\s{0,8}[:=]\\s{0,8}[\"']?(?<secret>[^\\s\"',;]{16,512})"),
              true));

  // name = value where the name says secret and the value looks random (checked by entropy). The
  // name is a run of name characters that holds one of the words; runs are read one by one, so a
  // long run costs its length once.
  private static final Pattern NAME_RUN = Pattern.compile("[A-Za-z0-9_.\\-]++");
  private static final Pattern SECRET_WORD =
      Pattern.compile("(?i)secret|token|passwd|password|pwd|api[_\\-]?key|access[_\\-]?key|private[_\\-]?key|credential|auth");
  private static final Pattern ASSIGNED_VALUE =
      Pattern.compile("[\"']?\\s{0,8}(?::=|=>|[:=])\\s{0,8}[\"'`]?([^\\s\"'`,;]{16,512})");
  private static final int MAX_ASSIGNMENT_TAIL = 530;

  private static final Pattern PLACEHOLDER =
      Pattern.compile(
          "(?i)^(?:\\$\\{.*}|\\$\\(.*\\)|<.*>|%.*%|\\{\\{.*}}|x{6,}|\\*{6,}|.*(?:example|changeme|placeholder|dummy|your[_\\-]|redacted).*)$");

  // A PEM body: base64, its own headers (Proc-Type: 4,ENCRYPTED), line breaks, also escaped ones
  // as in JSON; at most this long (a 4096-bit RSA key is about 3.2 KB).
  private static final int MAX_PEM_BODY = 16 * 1024;

  private static final String ASSIGNED_KIND = "high-entropy value assigned to ";

  private SecretPatterns() {}

  /** The catalogue, for documentation and tests: every kind here is both blocked and masked. */
  public static List<Shape> shapes() {
    return SHAPES;
  }

  /**
   * Every secret in the text, in the order of the catalogue (the well-known shapes first, then
   * high-entropy assignments); matches of different kinds may overlap.
   */
  public static List<Match> find(CharSequence text) {
    List<Match> out = new ArrayList<>();
    scan(text, out, false);
    return out;
  }

  /** The kind of the first secret in the text (in catalogue order), or null. */
  public static String firstKind(CharSequence text) {
    List<Match> out = new ArrayList<>(1);
    scan(text, out, true);
    return out.isEmpty() ? null : out.get(0).kind();
  }

  private static void scan(CharSequence text, List<Match> out, boolean firstOnly) {
    for (Shape shape : SHAPES) {
      Matcher m = shape.pattern().matcher(text);
      boolean group = shape.hasSecretGroup();
      int from = 0;
      while (from <= text.length() && m.find(from)) {
        int start = group ? m.start("secret") : m.start();
        int end = group ? m.end("secret") : m.end();
        from = Math.max(m.end(), m.start() + 1);
        if (shape.kind().equals(PRIVATE_KEY)) {
          end = pemEnd(text, end);
          from = Math.max(from, end);
        }
        if (!shape.random() || looksRandom(text.subSequence(start, end).toString())) {
          out.add(new Match(shape.kind(), start, end));
          if (firstOnly) {
            return;
          }
        }
      }
    }
    Matcher run = NAME_RUN.matcher(text);
    Matcher value = ASSIGNED_VALUE.matcher(text);
    while (run.find()) {
      if (!SECRET_WORD.matcher(text).region(run.start(), run.end()).find()) {
        continue;
      }
      value.region(run.end(), Math.min(text.length(), run.end() + MAX_ASSIGNMENT_TAIL));
      if (!value.lookingAt()) {
        continue;
      }
      String v = value.group(1);
      if (!PLACEHOLDER.matcher(v).matches() && looksRandom(v)) {
        out.add(new Match(ASSIGNED_KIND + shortName(run.group()), value.start(1), value.end(1)));
        if (firstOnly) {
          return;
        }
      }
    }
  }

  /** Where the body after a private key header ends: after its END line, else after the body characters. */
  private static int pemEnd(CharSequence text, int from) {
    int limit = Math.min(text.length(), from + MAX_PEM_BODY);
    int i = from;
    while (i < limit && isPemBody(text.charAt(i))) {
      if (text.charAt(i) == '-' && startsWith(text, i, "-----END ")) {
        int close = indexOf(text, "-----", i + 9, Math.min(text.length(), i + 80));
        return close < 0 ? i : close + 5;
      }
      i++;
    }
    return i;
  }

  private static boolean isPemBody(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || "+/=:,.-\\ \t\r\n".indexOf(c) >= 0;
  }

  private static boolean startsWith(CharSequence text, int at, String prefix) {
    if (at + prefix.length() > text.length()) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      if (text.charAt(at + k) != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(CharSequence text, String what, int from, int to) {
    for (int i = from; i + what.length() <= to; i++) {
      if (startsWith(text, i, what)) {
        return i;
      }
    }
    return -1;
  }

  /** The text with every secret of the catalogue replaced by {@link #MASK}. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    List<Match> found = find(text);
    if (found.isEmpty()) {
      return text;
    }
    // Merge overlapping spans so that no piece of a secret survives between two masks.
    found.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(b.end(), a.end()));
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    int spanStart = -1;
    int spanEnd = -1;
    for (Match match : found) {
      if (spanStart >= 0 && match.start() <= spanEnd) {
        spanEnd = Math.max(spanEnd, match.end());
        continue;
      }
      if (spanStart >= 0) {
        out.append(text, at, spanStart).append(MASK);
        at = spanEnd;
      }
      spanStart = match.start();
      spanEnd = match.end();
    }
    out.append(text, at, spanStart).append(MASK).append(text, spanEnd, text.length());
    return out.toString();
  }

  /** Shannon entropy per character, plus a mix of letters and digits: words are not secrets. */
  public static boolean looksRandom(String value) {
    boolean letters = false;
    boolean digits = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      letters |= Character.isLetter(c);
      digits |= Character.isDigit(c);
    }
    return letters && digits && entropy(value) >= MIN_ENTROPY_BITS_PER_CHAR;
  }

  /** Shannon entropy of the string's characters, in bits per character. */
  public static double entropy(String s) {
    Map<Character, Integer> counts = new HashMap<>();
    for (int i = 0; i < s.length(); i++) {
      counts.merge(s.charAt(i), 1, Integer::sum);
    }
    double bits = 0;
    for (int n : counts.values()) {
      double p = (double) n / s.length();
      bits -= p * (Math.log(p) / Math.log(2));
    }
    return bits;
  }

  // The variable name is shown to say which assignment; it is not secret, but keep it short.
  private static String shortName(String name) {
    return name.length() > 40 ? name.substring(0, 40) + "…" : name;
  }
}
