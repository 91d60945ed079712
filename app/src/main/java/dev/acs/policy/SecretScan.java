package dev.acs.policy;

import dev.acs.policy.UnifiedDiff.FileDiff;
import dev.acs.policy.UnifiedDiff.Kind;
import dev.acs.policy.UnifiedDiff.Line;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for secrets in the lines a change adds, before ACS pushes it: well-known token formats,
 * private-key blocks, high-entropy values assigned to secret-looking names, and ACS's own
 * credentials (the App's private key, installation tokens) passed in by the caller. A {@link Hit}
 * names the file, the line and the kind of secret, never the secret itself, so hits can go into
 * logs, comments and the audit trail.
 */
public final class SecretScan {

  /** One secret found: where and what kind; deliberately without the matched text. */
  public record Hit(String path, int line, String kind) {
    @Override
    public String toString() {
      return path + " line " + line + " (" + kind + ")";
    }
  }

  private record Rule(String kind, Pattern pattern) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule("GitHub token", Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36,255}\\b")),
          new Rule("GitHub fine-grained token", Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{22,255}\\b")),
          new Rule("AWS access key id", Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\\b")),
          new Rule(
              "AWS secret access key",
              Pattern.compile("(?i)aws.{0,20}?(?:secret|private).{0,20}?[=:]\\s*[\"']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])")),
          new Rule(
              "private key block",
              Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")),
          new Rule("Slack token", Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}")),
          new Rule("Google API key", Pattern.compile("\\bAIza[0-9A-Za-z_\\-]{35}\\b")),
          new Rule("Stripe secret key", Pattern.compile("\\b[sr]k_live_[0-9A-Za-z]{20,}\\b")));

  // name = value where the name says secret and the value looks random (checked by entropy).
  private static final Pattern ASSIGNMENT =
      Pattern.compile(
          "(?i)([A-Za-z0-9_.\\-]*(?:secret|token|passwd|password|pwd|api[_\\-]?key|access[_\\-]?key|private[_\\-]?key|credential|auth)[A-Za-z0-9_.\\-]*)"
              + "[\"']?\\s*(?::=|=>|[:=])\\s*[\"'`]?([^\\s\"'`,;]{16,})");

  private static final Pattern PLACEHOLDER =
      Pattern.compile("(?i)^(?:\\$\\{.*}|\\$\\(.*\\)|<.*>|%.*%|\\{\\{.*}}|x{6,}|\\*{6,}|.*(?:example|changeme|placeholder|dummy|your[_\\-]).*)$");

  private static final double MIN_ENTROPY_BITS_PER_CHAR = 3.5;
  private static final int MIN_OWN_SECRET_LENGTH = 8;

  private SecretScan() {}

  /**
   * Scans every added line of the diff. {@code ownSecrets} are values that must never leave ACS
   * (the App private key PEM, installation tokens, the webhook secret); each line of a PEM is
   * looked for on its own, so a key pasted in pieces is still found.
   */
  public static List<Hit> scan(UnifiedDiff diff, Collection<String> ownSecrets) {
    List<String> own = ownFragments(ownSecrets);
    List<Hit> hits = new ArrayList<>();
    for (FileDiff file : diff.files()) {
      for (Line line : file.lines(Kind.ADDED)) {
        String kind = kindOf(line.text(), own);
        if (kind != null) {
          hits.add(new Hit(file.path(), line.newLine(), kind));
        }
      }
    }
    return hits;
  }

  /** The kind of secret on this line, or null. */
  static String kindOf(String text, List<String> ownFragments) {
    for (String fragment : ownFragments) {
      if (text.contains(fragment)) {
        return "ACS's own credential";
      }
    }
    for (Rule rule : RULES) {
      if (rule.pattern().matcher(text).find()) {
        return rule.kind();
      }
    }
    Matcher m = ASSIGNMENT.matcher(text);
    while (m.find()) {
      String value = m.group(2);
      if (!PLACEHOLDER.matcher(value).matches() && looksRandom(value)) {
        return "high-entropy value assigned to " + safeName(m.group(1));
      }
    }
    return null;
  }

  /** Shannon entropy per character, plus a mix of letters and digits: words are not secrets. */
  static boolean looksRandom(String value) {
    boolean letters = value.chars().anyMatch(Character::isLetter);
    boolean digits = value.chars().anyMatch(Character::isDigit);
    if (!letters || !digits) {
      return false;
    }
    return entropy(value) >= MIN_ENTROPY_BITS_PER_CHAR;
  }

  static double entropy(String s) {
    Map<Character, Integer> counts = new HashMap<>();
    for (char c : s.toCharArray()) {
      counts.merge(c, 1, Integer::sum);
    }
    double bits = 0;
    for (int n : counts.values()) {
      double p = (double) n / s.length();
      bits -= p * (Math.log(p) / Math.log(2));
    }
    return bits;
  }

  private static List<String> ownFragments(Collection<String> ownSecrets) {
    List<String> out = new ArrayList<>();
    if (ownSecrets == null) {
      return out;
    }
    for (String secret : ownSecrets) {
      if (secret == null) {
        continue;
      }
      String s = secret.strip();
      if (s.contains("\n")) {
        for (String line : s.split("\r?\n")) {
          String l = line.strip();
          if (l.length() >= 20 && !l.startsWith("-----")) {
            out.add(l);
          }
        }
      } else if (s.length() >= MIN_OWN_SECRET_LENGTH) {
        out.add(s);
      }
    }
    return out;
  }

  // The variable name is shown to say which assignment; it is not secret, but keep it short.
  private static String safeName(String name) {
    return name.length() > 40 ? name.substring(0, 40) + "…" : name;
  }
}
