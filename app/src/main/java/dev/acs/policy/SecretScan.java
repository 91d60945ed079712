package dev.acs.policy;

import dev.acs.config.SecretPatterns;
import dev.acs.policy.UnifiedDiff.FileDiff;
import dev.acs.policy.UnifiedDiff.Kind;
import dev.acs.policy.UnifiedDiff.Line;
import dev.acs.policy.UnifiedDiff.Status;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Looks for secrets in every byte a change adds, before ACS pushes it: the added lines of text
 * files, and the whole new content of binary files (which the workspace's diff carries as git
 * binary patches, see {@link GitBinaryPatch}), read as bytes, as NUL-interleaved text and as
 * UTF-16/UTF-32 ({@link ByteViews}). What counts as a secret is {@link SecretPatterns}, the
 * catalogue the redaction of logs, transcripts and comments uses too, plus ACS's own credentials
 * passed in by the caller. A file the scan cannot see into (an archive, a large image, encrypted
 * content, content the diff does not carry) is reported as {@link Opaque}, unless the policy data
 * allows its path. Findings name the file, the line and the kind of secret, never the secret, so
 * they can go into logs, comments and the audit trail.
 */
public final class SecretScan {

  /** One secret found: where and what kind; deliberately without the matched text. */
  public record Hit(String path, int line, String kind) {
    @Override
    public String toString() {
      return path + " line " + line + " (" + kind + ")";
    }
  }

  /** A file whose added content the scan could not inspect; {@code line} 0 means the whole file. */
  public record Opaque(String path, int line, String why) {}

  /** What the scan of a change found. */
  public record Report(List<Hit> hits, List<Opaque> opaque) {
    public Report {
      hits = List.copyOf(hits);
      opaque = List.copyOf(opaque);
    }
  }

  static final String OWN_CREDENTIAL = "ACS's own credential";
  private static final int MIN_OWN_SECRET_LENGTH = 8;
  private static final int MAX_HITS_PER_FILE = 20;

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
      hits.addAll(scanLines(file, own));
    }
    return hits;
  }

  /**
   * Scans a whole change: the added lines, the new bytes of binary files, and that every file the
   * change writes could be inspected (a file whose diff the workspace left out could not).
   *
   * @param diffText the change's unified diff, binary files as git binary patches
   * @param uninspectableAllowed paths whose files may be opaque (data: acs.paths.uninspectable_allowed)
   * @throws IllegalArgumentException when the diff cannot be read
   */
  public static Report scanChange(
      String diffText, Collection<String> ownSecrets, List<PathPattern> uninspectableAllowed) {
    UnifiedDiff diff = UnifiedDiff.parse(diffText);
    List<GitBinaryPatch.Carried> carried = GitBinaryPatch.newContents(diffText);
    // The k-th "diff --git" section is the k-th file; a diff without git headers has no patches.
    boolean aligned = carried.size() == diff.files().size();
    List<String> own = ownFragments(ownSecrets);
    List<Hit> hits = new ArrayList<>();
    List<Opaque> opaque = new ArrayList<>();
    for (int k = 0; k < diff.files().size(); k++) {
      FileDiff file = diff.files().get(k);
      if (file.status() == Status.REMOVED) {
        continue;
      }
      hits.addAll(scanLines(file, own));
      boolean allowed = PathPattern.anyMatches(uninspectableAllowed, file.path());
      if (aligned && carried.get(k).leftOut()) {
        if (!allowed) {
          opaque.add(new Opaque(file.path(), 0, "its diff was left out, as the whole diff would have grown too large"));
        }
        continue;
      }
      if (!allowed) {
        for (Line line : file.lines(Kind.ADDED)) {
          Optional<String> why = OpaqueContent.reasonForLine(line.text());
          if (why.isPresent()) {
            opaque.add(new Opaque(file.path(), line.newLine(), why.get()));
            break;
          }
        }
      }
      if (!file.binary()) {
        continue;
      }
      byte[] bytes = aligned ? carried.get(k).content() : null;
      if (bytes == null) {
        if (!allowed) {
          opaque.add(new Opaque(file.path(), 0, "binary content that the diff does not carry"));
        }
        continue;
      }
      hits.addAll(scanBytes(file.path(), bytes, own));
      if (!allowed) {
        OpaqueContent.reason(bytes).ifPresent(why -> opaque.add(new Opaque(file.path(), 0, why)));
      }
    }
    return new Report(hits, opaque);
  }

  /**
   * Scans the whole content of a file as every text it can be read as. A secret found in several
   * readings is reported once, from the first; lines are counted in that reading.
   */
  public static List<Hit> scanBytes(String path, byte[] content, Collection<String> ownSecrets) {
    return scanBytesWith(path, content, ownFragments(ownSecrets));
  }

  private static List<Hit> scanBytesWith(String path, byte[] content, List<String> own) {
    List<Hit> hits = new ArrayList<>();
    Set<String> kinds = new HashSet<>();
    for (ByteViews.View view : ByteViews.of(content)) {
      Set<String> fromThisView = new HashSet<>();
      String text = view.text();
      for (String fragment : own) {
        int at = text.indexOf(fragment);
        if (at >= 0 && !kinds.contains(OWN_CREDENTIAL)) {
          fromThisView.add(OWN_CREDENTIAL);
          hits.add(new Hit(path, lineAt(text, at), OWN_CREDENTIAL + " in " + view.name()));
        }
      }
      for (SecretPatterns.Match m : SecretPatterns.find(text)) {
        if (hits.size() >= MAX_HITS_PER_FILE) {
          return hits;
        }
        if (!kinds.contains(m.kind())) {
          fromThisView.add(m.kind());
          hits.add(new Hit(path, lineAt(text, m.start()), m.kind() + " in " + view.name()));
        }
      }
      kinds.addAll(fromThisView);
    }
    return hits;
  }

  private static List<Hit> scanLines(FileDiff file, List<String> own) {
    List<Hit> hits = new ArrayList<>();
    for (Line line : file.lines(Kind.ADDED)) {
      String kind = kindOf(line.text(), own);
      if (kind == null && line.text().indexOf('\0') >= 0) {
        // Text with NULs past git's first 8000 bytes is diffed as text: read it without them too.
        kind = kindOf(line.text().replace("\0", ""), own);
      }
      if (kind != null) {
        hits.add(new Hit(file.path(), line.newLine(), kind));
      }
    }
    return hits;
  }

  /** The kind of secret on this line, or null. */
  static String kindOf(String text, List<String> ownFragments) {
    for (String fragment : ownFragments) {
      if (text.contains(fragment)) {
        return OWN_CREDENTIAL;
      }
    }
    return SecretPatterns.firstKind(text);
  }

  static boolean looksRandom(String value) {
    return SecretPatterns.looksRandom(value);
  }

  private static int lineAt(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
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
}
