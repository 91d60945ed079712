package dev.acs.checks;

import edu.umd.cs.findbugs.BugCollectionBugReporter;
import edu.umd.cs.findbugs.BugInstance;
import edu.umd.cs.findbugs.ClassScreener;
import edu.umd.cs.findbugs.DetectorFactoryCollection;
import edu.umd.cs.findbugs.FindBugs2;
import edu.umd.cs.findbugs.Priorities;
import edu.umd.cs.findbugs.Project;
import edu.umd.cs.findbugs.SourceLineAnnotation;
import edu.umd.cs.findbugs.config.UserPreferences;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SpotBugs on the compiled classes of a repository that was just built (the Action runs the test
 * command in the runner, which compiles the change), reporting only <b>high-priority</b> bugs that
 * the change <b>added</b>: a bug counts when its source lines touch a line the change added or
 * edited in one of the changed Java files. Bugs on untouched lines are the code's old ones.
 *
 * <p>There is no "before" build to compare with (that would mean building the base too), so a bug
 * on an edited line counts even if the line had it before; like {@link PmdCheck}, that is
 * deliberate: the change touched it. Missing classes (dependencies not given on the aux
 * classpath) make SpotBugs skip some analyses, never fail.
 */
public final class SpotBugsCheck {
  public static final String TOOL = "spotbugs";
  private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");

  /** New bugs, and what kept SpotBugs from looking (no classes, analysis errors), one line each. */
  public record Result(List<Finding> newFindings, List<String> problems) {}

  private SpotBugsCheck() {}

  /**
   * @param classesDirs where the build put the changed project's classes (e.g. {@code
   *     target/classes}, {@code build/classes/java/main})
   * @param auxClasspath the project's dependencies, if known; may be empty
   * @param changedFiles the change's Java files, paths relative to the repository root
   */
  public static Result newHighFindings(List<Path> classesDirs, List<Path> auxClasspath, List<PmdCheck.ChangedFile> changedFiles) {
    List<String> problems = new ArrayList<>();
    List<PmdCheck.ChangedFile> java = changedFiles.stream()
        .filter(f -> f.after() != null && f.path().endsWith(".java")).toList();
    List<Path> dirs = classesDirs.stream().filter(Files::isDirectory).toList();
    if (java.isEmpty()) {
      return new Result(List.of(), problems);
    }
    if (dirs.isEmpty()) {
      problems.add("no compiled classes in " + classesDirs + ": SpotBugs needs the build's output");
      return new Result(List.of(), problems);
    }
    BugCollectionBugReporter reporter;
    try {
      reporter = analyse(dirs, auxClasspath, screenerFor(java));
    } catch (IOException | RuntimeException e) {
      problems.add("SpotBugs failed: " + e.getMessage());
      return new Result(List.of(), problems);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add("SpotBugs was interrupted");
      return new Result(List.of(), problems);
    }
    List<Finding> fresh = new ArrayList<>();
    Collection<BugInstance> bugs = reporter.getBugCollection().getCollection();
    for (BugInstance bug : bugs) {
      if (bug.getPriority() != Priorities.HIGH_PRIORITY) {
        continue;
      }
      SourceLineAnnotation where = bug.getPrimarySourceLineAnnotation();
      PmdCheck.ChangedFile file = fileOf(where, java);
      if (file == null || where.getStartLine() <= 0) {
        continue;
      }
      Set<Integer> touched = touchedLines(file);
      int start = where.getStartLine();
      int end = Math.max(start, where.getEndLine());
      if (!intersects(touched, start, end)) {
        continue;
      }
      String line = lineOf(file.after(), start);
      fresh.add(new Finding(TOOL, bug.getType(), "high", file.path(), start, end, bug.getMessageWithoutPrefix(),
          bug.getType() + "|" + where.getClassName() + "|" + line.replaceAll("\\s+", " ").strip()));
    }
    return new Result(List.copyOf(fresh), problems);
  }

  private static BugCollectionBugReporter analyse(List<Path> dirs, List<Path> aux, ClassScreener screener) throws IOException, InterruptedException {
    Project project = new Project();
    for (Path dir : dirs) {
      project.addFile(dir.toAbsolutePath().toString());
    }
    for (Path entry : aux) {
      project.addAuxClasspathEntry(entry.toAbsolutePath().toString());
    }
    BugCollectionBugReporter reporter = new BugCollectionBugReporter(project);
    reporter.setPriorityThreshold(Priorities.HIGH_PRIORITY);
    FindBugs2 engine = new FindBugs2();
    try {
      engine.setProject(project);
      engine.setBugReporter(reporter);
      engine.setDetectorFactoryCollection(DetectorFactoryCollection.instance());
      UserPreferences preferences = UserPreferences.createDefaultUserPreferences();
      preferences.setEffort(UserPreferences.EFFORT_DEFAULT);
      engine.setUserPreferences(preferences);
      engine.setNoClassOk(true);
      if (screener != null) {
        engine.setClassScreener(screener);
      }
      engine.execute();
    } finally {
      engine.dispose();
    }
    return reporter;
  }

  /**
   * Only the changed files' classes (and their nested classes) are analysed: the rest of the
   * build output cannot hold a new bug, and skipping it keeps a large project's run short.
   * Null (analyse everything) when a file's class name cannot be told from its text.
   */
  static ClassScreener screenerFor(List<PmdCheck.ChangedFile> java) {
    ClassScreener screener = new ClassScreener();
    for (PmdCheck.ChangedFile f : java) {
      String name = f.path().substring(f.path().lastIndexOf('/') + 1);
      String simple = name.substring(0, name.length() - ".java".length());
      Matcher pkg = PACKAGE.matcher(f.after());
      String className = pkg.find() ? pkg.group(1) + "." + simple : simple;
      screener.addAllowedClass(className);
      screener.addAllowedPrefix(className + "$");
    }
    return screener;
  }

  /** The changed file the bug's source belongs to: SpotBugs knows {@code pkg/Name.java}, ACS the repository path. */
  private static PmdCheck.ChangedFile fileOf(SourceLineAnnotation where, List<PmdCheck.ChangedFile> java) {
    String source = where.getSourcePath();
    if (source == null) {
      return null;
    }
    for (PmdCheck.ChangedFile f : java) {
      if (f.path().equals(source) || f.path().endsWith("/" + source)) {
        return f;
      }
    }
    return null;
  }

  /** Lines (1-based, after the change) that the change added or edited. */
  static Set<Integer> touchedLines(PmdCheck.ChangedFile f) {
    int count = f.after().split("\n", -1).length;
    Set<Integer> touched = new HashSet<>();
    Map<Integer, Integer> unchanged = f.before() == null ? Map.of() : PmdCheck.unchangedLines(f.before(), f.after());
    Set<Integer> kept = new HashSet<>(unchanged.values());
    for (int line = 1; line <= count; line++) {
      if (!kept.contains(line)) {
        touched.add(line);
      }
    }
    return touched;
  }

  private static boolean intersects(Set<Integer> lines, int start, int end) {
    for (int i = start; i <= end; i++) {
      if (lines.contains(i)) {
        return true;
      }
    }
    return false;
  }

  private static String lineOf(String text, int line) {
    String[] lines = text.split("\n", -1);
    return line >= 1 && line <= lines.length ? lines[line - 1] : "";
  }
}
