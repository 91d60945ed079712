package dev.acs.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Outlines every supported file of real repositories and reports, per language, the share of
 * files outlined, why the others were not, and the time per file. The repositories are not part
 * of ACS: name a folder of checkouts (one per subfolder) with {@code -Dacs.outline.repos=DIR};
 * without it the test is skipped.
 *
 * <pre>./mvnw -B -o verify -Dtest=RealRepositoryOutlinesTest -Dacs.outline.repos=/path/to/checkouts -Djacoco.skip=true</pre>
 */
class RealRepositoryOutlinesTest {
  private static final Set<String> SKIPPED_DIRS = Set.of(".git", "node_modules", "vendor", "target", "build", "dist", ".venv");

  /** Counts for one language. */
  static final class Tally {
    int files;
    int outlined;
    int withSymbols;
    int withDocs;
    long symbols;
    long nanos;
    long maxNanos;
    String slowest;
    final Map<Outline.Skip, Integer> skipped = new TreeMap<>();
  }

  @Test
  void outlinesRealRepositories() throws IOException {
    String dir = System.getProperty("acs.outline.repos", "");
    assumeTrue(!dir.isBlank(), "set -Dacs.outline.repos=DIR to outline real repositories");
    Map<String, Tally> byLanguage = new TreeMap<>();
    List<Path> repos;
    try (var list = Files.list(Path.of(dir))) {
      repos = list.filter(Files::isDirectory).sorted().toList();
    }
    try (OutlineParser parser = new OutlineParser()) {
      for (Path repo : repos) {
        for (Path file : sources(repo)) {
          String path = repo.relativize(file).toString().replace('\\', '/');
          byte[] bytes = Files.readAllBytes(file);
          long start = System.nanoTime();
          Outline o = parser.outline(path, bytes);
          long took = System.nanoTime() - start;
          Tally t = byLanguage.computeIfAbsent(o.language(), k -> new Tally());
          t.files++;
          t.nanos += took;
          if (took > t.maxNanos) {
            t.maxNanos = took;
            t.slowest = repo.getFileName() + "/" + path;
          }
          if (o.skipped() == null) {
            t.outlined++;
            t.symbols += o.symbols().size();
            t.withSymbols += o.symbols().isEmpty() ? 0 : 1;
            t.withDocs += o.symbols().stream().anyMatch(s -> s.doc() != null) ? 1 : 0;
          } else {
            t.skipped.merge(o.skipped(), 1, Integer::sum);
          }
        }
      }
    }
    StringBuilder report = new StringBuilder("repositories: ").append(repos.stream().map(p -> p.getFileName().toString()).toList()).append('\n');
    report.append("| language | files | outlined | with declarations | with a doc line | declarations per file | ms per file (mean) | slowest file (ms) | path only, why |\n");
    report.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    byLanguage.forEach((language, t) -> report.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% | %.1f%% | %.1f%% | %.1f | %.2f | %.0f (%s) | %s |%n",
        language, t.files, 100.0 * t.outlined / t.files, 100.0 * t.withSymbols / t.files, 100.0 * t.withDocs / t.files,
        t.outlined == 0 ? 0.0 : (double) t.symbols / t.outlined, t.nanos / 1e6 / t.files, t.maxNanos / 1e6, t.slowest, t.skipped)));
    System.out.print(report);
    assertThat(byLanguage).isNotEmpty();
    byLanguage.forEach((language, t) -> {
      // Real code parses: nearly every file is outlined, and those that are not say why. Files
      // without declarations are real too (test suites of describe/it calls, config, constants).
      assertThat(t.outlined).as(language + " files outlined").isGreaterThanOrEqualTo((int) Math.ceil(0.95 * t.files));
      assertThat(t.withSymbols).as(language + " files with declarations").isGreaterThan(t.files / 4);
    });
  }

  private static List<Path> sources(Path repo) throws IOException {
    List<Path> out = new ArrayList<>();
    Files.walkFileTree(repo, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        return !d.equals(repo) && SKIPPED_DIRS.contains(d.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && OutlineParser.supports(f.getFileName().toString())) {
          out.add(f);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    out.sort(null);
    return out;
  }
}
