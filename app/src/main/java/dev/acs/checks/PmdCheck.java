package dev.acs.checks;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sourceforge.pmd.PMDConfiguration;
import net.sourceforge.pmd.PmdAnalysis;
import net.sourceforge.pmd.lang.LanguageRegistry;
import net.sourceforge.pmd.lang.document.FileId;
import net.sourceforge.pmd.lang.rule.RulePriority;
import net.sourceforge.pmd.reporting.Report;
import net.sourceforge.pmd.reporting.RuleViolation;
import net.sourceforge.pmd.util.log.PmdReporter;
import org.slf4j.event.Level;

/**
 * Runs PMD 7 with ACS's ruleset ({@value #RULESET}) on the Java files a change touches, on the
 * version before and after the change, and reports only the findings the change added.
 *
 * <p>A finding is identified by rule, file and a line-insensitive fingerprint: the text of the
 * line it starts on with whitespace collapsed, plus PMD's message (which names the variable or
 * method). A finding is old if the same finding sits on the same line after the change, with
 * lines mapped through a diff of the two versions; failing that, if an unmatched finding with the
 * same fingerprint existed anywhere in the old version (code that moved). So if a file had two
 * identical findings and has three, the copy the change inserted is the new one. A finding on an
 * edited line is new even if a similar one existed on the old version of that line, which is
 * deliberate: the change touched it.
 *
 * <p>Severity from PMD priority: 1 (high) and 2 (medium-high) → {@code high}; 3 → {@code medium};
 * 4 and 5 → {@code low}. The ruleset sets priorities where ACS disagrees with PMD's defaults.
 */
public final class PmdCheck {
  public static final String RULESET = "checks/acs-pmd-ruleset.xml";
  private static final String BEFORE = "before/";
  private static final String AFTER = "after/";

  /**
   * A changed file: {@code path} relative to the repository root; {@code before} is null for an
   * added file; a deleted file has nothing to check and is skipped ({@code after} null).
   */
  public record ChangedFile(String path, String before, String after) {}

  /** New findings, and files PMD could not analyse (parse errors), one line each. */
  public record Result(List<Finding> newFindings, List<String> problems) {}

  private final String ruleset;

  private PmdCheck(String ruleset) {
    this.ruleset = ruleset;
  }

  public static PmdCheck withBundledRules() {
    return new PmdCheck(RULESET);
  }

  /** With another ruleset (a classpath resource or file path), for repositories that bring their own. */
  public static PmdCheck withRuleset(String ruleset) {
    return new PmdCheck(ruleset);
  }

  public Result newFindings(List<ChangedFile> files) {
    List<ChangedFile> javaFiles = files.stream().filter(f -> f.after() != null && f.path().endsWith(".java")).toList();
    if (javaFiles.isEmpty()) {
      return new Result(List.of(), List.of());
    }
    List<String> problems = new ArrayList<>();
    PMDConfiguration config = new PMDConfiguration();
    config.setReporter(new CollectingReporter(problems));
    config.addRuleSet(ruleset);
    config.setMinimumPriority(RulePriority.LOW);
    config.setIgnoreIncrementalAnalysis(true);
    config.setThreads(1);
    config.setOnlyRecognizeLanguage(LanguageRegistry.PMD.getLanguageById("java"));
    Report report;
    try (PmdAnalysis pmd = PmdAnalysis.create(config)) {
      if (pmd.getRulesets().isEmpty()) {
        throw new IllegalStateException("PMD ruleset " + ruleset + " could not be loaded: " + String.join("; ", problems));
      }
      for (ChangedFile f : javaFiles) {
        if (f.before() != null) {
          pmd.files().addSourceFile(FileId.fromPathLikeString(BEFORE + f.path()), f.before());
        }
        pmd.files().addSourceFile(FileId.fromPathLikeString(AFTER + f.path()), f.after());
      }
      report = pmd.performAnalysisAndCollectReport();
    }
    for (Report.ProcessingError e : report.getProcessingErrors()) {
      String id = e.getFileId().getOriginalPath();
      if (id.startsWith(AFTER)) {
        problems.add(id.substring(AFTER.length()) + ": PMD could not analyse the file: " + oneLine(e.getMsg()));
      }
    }
    for (Report.ConfigurationError e : report.getConfigurationErrors()) {
      problems.add("PMD rule " + e.rule().getName() + ": " + e.issue());
    }
    Map<String, List<String>> linesByFile = new HashMap<>();
    for (ChangedFile f : javaFiles) {
      if (f.before() != null) {
        linesByFile.put(BEFORE + f.path(), f.before().lines().toList());
      }
      linesByFile.put(AFTER + f.path(), f.after().lines().toList());
    }
    Map<String, List<Finding>> beforeByFile = new HashMap<>();
    Map<String, List<Finding>> afterByFile = new LinkedHashMap<>();
    for (RuleViolation v : report.getViolations()) {
      String id = v.getFileId().getOriginalPath();
      boolean isBefore = id.startsWith(BEFORE);
      String path = id.substring(isBefore ? BEFORE.length() : AFTER.length());
      Finding finding = toFinding(v, path, linesByFile.getOrDefault(id, List.of()));
      (isBefore ? beforeByFile : afterByFile).computeIfAbsent(path, k -> new ArrayList<>()).add(finding);
    }
    List<Finding> fresh = new ArrayList<>();
    for (ChangedFile f : javaFiles) {
      List<Finding> after = afterByFile.getOrDefault(f.path(), List.of());
      List<Finding> before = beforeByFile.getOrDefault(f.path(), List.of());
      fresh.addAll(unmatched(after, before, f.before() == null ? Map.of() : unchangedLines(f.before(), f.after())));
    }
    fresh.sort(java.util.Comparator.comparing(Finding::path).thenComparingInt(Finding::line));
    return new Result(fresh, problems);
  }

  /**
   * The findings of {@code after} that have no counterpart in {@code before}. First a finding is
   * matched to the same finding on the same line, following the line mapping of a diff (so a new
   * copy inserted above an old one is the new one); what is left is matched by fingerprint alone
   * (code that moved shows in a diff as deleted and added again).
   */
  static List<Finding> unmatched(List<Finding> after, List<Finding> before, Map<Integer, Integer> unchangedLines) {
    List<Finding> leftBefore = new ArrayList<>(before);
    List<Finding> leftAfter = new ArrayList<>();
    for (Finding a : after) {
      Finding same = null;
      for (Finding b : leftBefore) {
        if (b.fingerprint().equals(a.fingerprint()) && Integer.valueOf(a.line()).equals(unchangedLines.get(b.line()))) {
          same = b;
          break;
        }
      }
      if (same != null) {
        leftBefore.remove(same);
      } else {
        leftAfter.add(a);
      }
    }
    Map<String, Integer> counts = new HashMap<>();
    leftBefore.forEach(b -> counts.merge(b.fingerprint(), 1, Integer::sum));
    List<Finding> fresh = new ArrayList<>();
    for (Finding a : leftAfter) {
      int left = counts.getOrDefault(a.fingerprint(), 0);
      if (left > 0) {
        counts.put(a.fingerprint(), left - 1);
      } else {
        fresh.add(a);
      }
    }
    return fresh;
  }

  /** 1-based line in the old text → line in the new text, for lines the diff leaves unchanged. */
  static Map<Integer, Integer> unchangedLines(String before, String after) {
    List<String> a = before.lines().toList();
    List<String> b = after.lines().toList();
    Map<Integer, Integer> map = new HashMap<>();
    int i = 0;
    int j = 0;
    for (AbstractDelta<String> delta : DiffUtils.diff(a, b).getDeltas()) {
      while (i < delta.getSource().getPosition()) {
        map.put(++i, ++j);
      }
      i += delta.getSource().size();
      j += delta.getTarget().size();
    }
    while (i < a.size() && j < b.size()) {
      map.put(++i, ++j);
    }
    return map;
  }

  private static Finding toFinding(RuleViolation v, String path, List<String> lines) {
    int line = v.getBeginLine();
    String text = line >= 1 && line <= lines.size() ? lines.get(line - 1).strip().replaceAll("\\s+", " ") : "";
    String rule = v.getRule().getName();
    String message = v.getDescription();
    String fingerprint = rule + "\u0000" + path + "\u0000" + text + "\u0000" + message;
    return new Finding("pmd", rule, severityOf(v.getRule().getPriority()), path, line, Math.max(line, v.getEndLine()), message, fingerprint);
  }

  /** 1–2 → high, 3 → medium, 4–5 → low. */
  static String severityOf(RulePriority priority) {
    return switch (priority) {
      case HIGH, MEDIUM_HIGH -> "high";
      case MEDIUM -> "medium";
      case MEDIUM_LOW, LOW -> "low";
    };
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  /** PMD's warnings and errors go into the result instead of the process's log output. */
  private static final class CollectingReporter implements PmdReporter {
    private final List<String> problems;
    private int errors;

    CollectingReporter(List<String> problems) {
      this.problems = problems;
    }

    @Override
    public boolean isLoggable(Level level) {
      return level == Level.ERROR;
    }

    @Override
    public void logEx(Level level, String message, Object[] args, Throwable error) {
      if (level != Level.ERROR) {
        return;
      }
      errors++;
      String text;
      try {
        text = message == null ? "" : MessageFormat.format(message, args);
      } catch (IllegalArgumentException e) {
        text = message;
      }
      problems.add("PMD: " + text + (error == null ? "" : " (" + error + ")"));
    }

    @Override
    public int numErrors() {
      return errors;
    }
  }

  /** For tests and the docs: how many rules the bundled ruleset enables. */
  static Map<String, String> ruleSeverities() {
    Map<String, String> out = new LinkedHashMap<>();
    PMDConfiguration config = new PMDConfiguration();
    config.setReporter(PmdReporter.quiet());
    try (PmdAnalysis pmd = PmdAnalysis.create(config)) {
      pmd.newRuleSetLoader().loadFromResource(RULESET).getRules()
          .forEach(r -> out.put(r.getName(), severityOf(r.getPriority())));
    }
    return out;
  }
}
