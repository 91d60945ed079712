package dev.acs.context;

import dev.acs.workspace.FileHistory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link Signal}s of each file of a scan for one issue: five lexical searches, what the issue
 * names of the file, and the file's priors. Files without any evidence keep no entry (their
 * priors are not worth reading: they scale nothing).
 */
final class FileSignals {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{2,}");
  /** Commits since a file last changed at which its recency counts 1/e. */
  static final double RECENCY_COMMITS = 50;

  private FileSignals() {}

  /** Values by path, indexed by {@link Signal#ordinal()}; only files with some evidence. */
  static Map<String, double[]> of(RepoScan scan, String title, String body) {
    String t = title == null ? "" : title;
    String b = body == null ? "" : body;
    // The issue's words are weighed once; the five searches differ in the fields they read.
    Map<String, Double> issueTerms = FileRanking.termWeights(t, b);
    Map<String, Double> lexical = normalised(scan.search(FileRanking.query(issueTerms, FileRanking.FIELDS)));
    Map<String, Double> lexicalPath = normalised(scan.search(FileRanking.query(issueTerms, Set.of("path"))));
    Map<String, Double> lexicalDefs = normalised(scan.search(FileRanking.query(issueTerms, Set.of("defs"))));
    Map<String, Double> lexicalBody = normalised(scan.search(FileRanking.query(issueTerms, Set.of("body"))));
    Map<String, Double> lexicalTitle = normalised(scan.search(FileRanking.query(FileRanking.termWeights(t, ""), FileRanking.FIELDS)));
    IssueMentions mentions = IssueMentions.of(t, b);
    Map<String, Double> quoted = FileRanking.messageScores(scan, mentions);
    Map<String, Double> modules = FileRanking.moduleScores(scan.files(), mentions);
    String boundedTitle = IssueMentions.bounded(t);
    String boundedBody = IssueMentions.bounded(b);
    Set<String> titleTerms = new HashSet<>(Terms.of(boundedTitle));
    Set<String> bodyTerms = new HashSet<>(Terms.of(boundedBody));
    Set<String> titleIds = identifiers(boundedTitle);
    Set<String> bodyIds = identifiers(boundedBody);
    FileHistory history = scan.history();
    Map<String, double[]> out = new HashMap<>();
    for (SourceFile f : scan.files()) {
      String p = f.path();
      double[] v = new double[Signal.ALL.length];
      v[Signal.LEXICAL.ordinal()] = lexical.getOrDefault(p, 0.0);
      v[Signal.LEXICAL_PATH.ordinal()] = lexicalPath.getOrDefault(p, 0.0);
      v[Signal.LEXICAL_DECLARATIONS.ordinal()] = lexicalDefs.getOrDefault(p, 0.0);
      v[Signal.LEXICAL_BODY.ordinal()] = lexicalBody.getOrDefault(p, 0.0);
      v[Signal.LEXICAL_TITLE.ordinal()] = lexicalTitle.getOrDefault(p, 0.0);
      FileFacts facts = scan.facts(p);
      FileRanking.MentionParts m = FileRanking.MentionParts.of(f, facts, mentions);
      v[Signal.PATH_MENTIONED.ordinal()] = Math.log1p(m.path());
      v[Signal.FRAME.ordinal()] = Math.log1p(m.frame());
      v[Signal.MEMBER.ordinal()] = Math.log1p(m.member());
      v[Signal.OWN_NAME.ordinal()] = Math.log1p(m.name());
      v[Signal.TYPE.ordinal()] = Math.log1p(m.type());
      v[Signal.FUNCTION.ordinal()] = Math.log1p(m.function());
      v[Signal.MODULE.ordinal()] = Math.log1p(modules.getOrDefault(p, 0.0));
      v[Signal.MESSAGE.ordinal()] = Math.log1p(quoted.getOrDefault(p, 0.0));
      List<String> nameTerms = Terms.of(FileRanking.nameOf(p));
      v[Signal.NAME_IN_TITLE.ordinal()] = share(nameTerms, titleTerms);
      v[Signal.NAME_IN_BODY.ordinal()] = share(nameTerms, bodyTerms);
      if (facts != null) {
        v[Signal.DECLARED_IN_TITLE.ordinal()] = Math.log1p(declaredIn(facts, titleIds));
        v[Signal.DECLARED_IN_BODY.ordinal()] = Math.log1p(declaredIn(facts, bodyIds));
      }
      if (!hasEvidence(v)) {
        continue;
      }
      FileHistory.Touches h = history.of(p);
      if (h != null) {
        v[Signal.CHANGED.ordinal()] = Math.log1p(h.commits()) / 3;
        v[Signal.FIXED.ordinal()] = Math.log1p(h.fixes()) / 3;
        v[Signal.RECENT.ordinal()] = Math.exp(-h.since() / RECENCY_COMMITS);
      }
      v[Signal.SIZE.ordinal()] = Math.log10(1 + lines(f.text())) / 4;
      v[Signal.DEPTH.ordinal()] = Math.min(p.split("/").length, 10) / 10.0;
      out.put(p, v);
    }
    return out;
  }

  private static boolean hasEvidence(double[] v) {
    for (Signal s : Signal.ALL) {
      if (s.kind() == Signal.Kind.EVIDENCE && v[s.ordinal()] > 0) {
        return true;
      }
    }
    return false;
  }

  private static int declaredIn(FileFacts facts, Set<String> ids) {
    int n = 0;
    for (String id : ids) {
      if (facts.types().contains(id) || facts.functions().contains(id)) {
        n++;
      }
    }
    return n;
  }

  static int lines(String text) {
    int n = 1;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      n++;
    }
    return n;
  }

  static Set<String> identifiers(String text) {
    Set<String> out = new HashSet<>();
    Matcher m = IDENTIFIER.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** The share of {@code terms} found in {@code in}. */
  static double share(List<String> terms, Set<String> in) {
    if (terms.isEmpty()) {
      return 0;
    }
    return terms.stream().filter(in::contains).count() / (double) terms.size();
  }

  /** Each score as a share of the largest. */
  static Map<String, Double> normalised(Map<String, Double> scores) {
    double max = scores.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    Map<String, Double> out = new HashMap<>(scores.size() * 2);
    if (max > 0) {
      scores.forEach((k, v) -> out.put(k, v / max));
    }
    return out;
  }
}
