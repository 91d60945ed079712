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
   * One kind of secret. A match starts where one of the {@code anchors} occurs (compared in
   * lower case when {@code lowerCaseAnchors}), so that a large file costs a few fast searches for
   * literals, not a regular expression at every position; the pattern is then tried there, over
   * at most {@code span} characters. The named group {@code secret}, where present, is the part
   * that is secret (the value of an assignment); else the whole match is.
   *
   * @param random the secret must look random (letters and digits, high entropy) to count
   */
  public record Shape(String kind, List<String> anchors, boolean lowerCaseAnchors, Pattern pattern, int span, boolean random) {
    public Shape {
      anchors = List.copyOf(anchors);
    }

    boolean hasSecretGroup() {
      return pattern.pattern().contains("(?<secret>");
    }
  }

  /** A secret found in a text: its kind and where it is; deliberately without the text itself. */
  public record Match(String kind, int start, int end) {}

  static final String PRIVATE_KEY = "private key block";

  private static final List<Shape> SHAPES =
      List.of(
          new Shape("GitHub token", List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), false,
              Pattern.compile("gh[pousr]_[A-Za-z0-9]{20,255}"), 260, false),
          new Shape("GitHub fine-grained token", List.of("github_pat_"), false,
              Pattern.compile("github_pat_[A-Za-z0-9_]{22,255}"), 270, false),
          new Shape("AWS access key id", List.of("AKIA", "ASIA", "ABIA", "ACCA"), false,
              Pattern.compile("(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}"), 20, false),
          new Shape("AWS secret access key", List.of("aws", "secret"), true,
              Pattern.compile(
                  "(?i)(?:aws.{0,20}?(?:secret|private)|secret_?access_?key).{0,20}?[=:]\\s{0,8}[\"']?"
                      + "(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])"),
              200, false),
          // The header; the body that follows it up to the END line is masked too (see pemEnd).
          new Shape(PRIVATE_KEY, List.of("-----BEGIN "), false,
              Pattern.compile("-----BEGIN (?:[A-Z0-9]{1,20} ){0,4}PRIVATE KEY(?: BLOCK)?-----"), 160, false),
          new Shape("Slack token", List.of("xox"), false, Pattern.compile("xox[abposr]-[A-Za-z0-9-]{10,255}"), 260, false),
          new Shape("Google API key", List.of("AIza"), false, Pattern.compile("AIza[0-9A-Za-z_\\-]{35}"), 39, false),
          new Shape("Stripe secret key", List.of("sk_live_", "rk_live_"), false,
              Pattern.compile("[sr]k_live_[0-9A-Za-z]{20,255}"), 265, false),
          new Shape("Anthropic or OpenAI API key", List.of("sk-"), false,
              Pattern.compile("sk-(?:ant|proj|svcacct|admin)-[A-Za-z0-9_\\-]{16,255}"), 270, false),
          new Shape("OpenAI API key", List.of("sk-"), false,
              Pattern.compile("(?<![A-Za-z0-9_\\-])sk-(?!(?:ant|proj|svcacct|admin)-)(?<secret>[A-Za-z0-9_\\-]{16,255})"), 260, true),
          new Shape("bearer token", List.of("bearer"), true,
              Pattern.compile("(?i)\\bbearer\\s{1,8}(?<secret>[A-Za-z0-9._~+/\\-]{16,512}={0,3})"), 530, true),
          new Shape("API key header", List.of("x-api-key"), true,
              Pattern.compile("(?i)\\bx-api-key[\"']?\\s{0,8}[:=]\\s{0,8}[\"']?(?<secret>[^\\s\"',;]{16,512})"), 545, true));

  // name = value where the name says secret and the value looks random (checked by entropy). The
  // name is the run of name characters around one of the words; each run is read once.
  private static final List<String> SECRET_WORDS =
      List.of("secret", "token", "passwd", "password", "pwd", "api", "access", "private", "credential", "auth");
  private static final Pattern SECRET_WORD =
      Pattern.compile("(?i)secret|token|passwd|password|pwd|api[_\\-]?key|access[_\\-]?key|private[_\\-]?key|credential|auth");
  private static final Pattern ASSIGNED_VALUE =
      Pattern.compile("[\"']?\\s{0,8}(?::=|=>|[:=])\\s{0,8}[\"'`]?([^\\s\"'`,;]{16,512})");
  private static final int MAX_ASSIGNMENT_TAIL = 530;

  // Values that stand for a secret without being one. Linear: anchored wrappers, then words.
  private static final Pattern PLACEHOLDER_WRAPPED =
      Pattern.compile("^(?:\\$\\{.*}|\\$\\(.*\\)|<.*>|%.*%|\\{\\{.*}}|x{6,}|X{6,}|\\*{6,})$");
  private static final Pattern PLACEHOLDER_WORD =
      Pattern.compile("(?i)example|changeme|placeholder|dummy|your[_\\-]|redacted");

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
    String original = text.toString();
    String lower = asciiLowerCase(original);
    if (shapes(original, lower, out, firstOnly) && firstOnly) {
      return;
    }
    assignments(original, lower, out, firstOnly);
  }

  /** Adds the matches of the well-known shapes; true when one was found. */
  private static boolean shapes(String original, String lower, List<Match> out, boolean firstOnly) {
    boolean found = false;
    for (Shape shape : SHAPES) {
      String hay = shape.lowerCaseAnchors() ? lower : original;
      Matcher m = shape.pattern().matcher(original).useTransparentBounds(true).useAnchoringBounds(false);
      boolean group = shape.hasSecretGroup();
      for (String anchor : shape.anchors()) {
        int at = hay.indexOf(anchor);
        while (at >= 0) {
          int next = at + 1;
          m.region(at, Math.min(original.length(), at + shape.span()));
          if (m.lookingAt()) {
            int start = group ? m.start("secret") : m.start();
            int end = group ? m.end("secret") : m.end();
            if (shape.kind().equals(PRIVATE_KEY)) {
              end = pemEnd(original, end);
            }
            next = Math.max(next, end);
            if (!shape.random() || looksRandom(original.substring(start, end))) {
              out.add(new Match(shape.kind(), start, end));
              found = true;
              if (firstOnly) {
                return true;
              }
            }
          }
          at = hay.indexOf(anchor, next);
        }
      }
    }
    return found;
  }

  private static void assignments(String text, String lower, List<Match> out, boolean firstOnly) {
    // Every place a word occurs, in order; each run of name characters around them is read once.
    List<Integer> places = new ArrayList<>();
    for (String w : SECRET_WORDS) {
      for (int at = lower.indexOf(w); at >= 0; at = lower.indexOf(w, at + 1)) {
        places.add(at);
      }
    }
    if (places.isEmpty()) {
      return;
    }
    places.sort(null);
    Matcher value = ASSIGNED_VALUE.matcher(text).useTransparentBounds(true);
    Matcher word = SECRET_WORD.matcher(text);
    int doneTo = -1;
    for (int at : places) {
      if (at < doneTo) {
        continue;
      }
      int start = at;
      while (start > 0 && isNameChar(text.charAt(start - 1))) {
        start--;
      }
      int end = at;
      while (end < text.length() && isNameChar(text.charAt(end))) {
        end++;
      }
      doneTo = Math.max(end, at + 1);
      if (!word.region(start, end).find()) {
        continue;
      }
      value.region(end, Math.min(text.length(), end + MAX_ASSIGNMENT_TAIL));
      if (value.lookingAt()) {
        String v = value.group(1);
        // Words inside the value are part of it, not names of further assignments.
        doneTo = Math.max(doneTo, value.end(1));
        if (looksRandom(v) && !isPlaceholder(v)) {
          out.add(new Match(ASSIGNED_KIND + safeName(text.substring(start, end)), value.start(1), value.end(1)));
          if (firstOnly) {
            return;
          }
        }
      }
    }
  }

  private static boolean isNameChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  }

  private static boolean isPlaceholder(String value) {
    return PLACEHOLDER_WRAPPED.matcher(value).matches() || PLACEHOLDER_WORD.matcher(value).find() || isAddress(value);
  }

  // A URL without credentials in it, an absolute path, or the rest of a Java method reference
  // ("Secret::name"): names like access_tokens_url point at secrets, they do not hold one.
  private static boolean isAddress(String value) {
    if (value.startsWith(":") || value.startsWith("/")) {
      return true;
    }
    int scheme = value.indexOf("://");
    return scheme > 0 && scheme < 10 && value.indexOf('@') < 0;
  }

  /** Lower case for A-Z only: same length and indexes as the original, unlike toLowerCase. */
  private static String asciiLowerCase(String s) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      if (c[i] >= 'A' && c[i] <= 'Z') {
        c[i] = (char) (c[i] + 32);
      }
    }
    return new String(c);
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
    return mask(text, find(text));
  }

  private static String mask(String text, List<Match> found) {
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

  // The variable name is shown to say which assignment, so it must not carry a secret itself
  // (a token glued to the name, as in binary content); and it is kept short.
  private static String safeName(String name) {
    List<Match> inName = new ArrayList<>();
    shapes(name, asciiLowerCase(name), inName, false);
    if (!inName.isEmpty() || looksRandom(name)) {
      return "a secret-looking name";
    }
    return shortName(name);
  }

  private static String shortName(String name) {
    return name.length() > 40 ? name.substring(0, 40) + "…" : name;
  }
}
