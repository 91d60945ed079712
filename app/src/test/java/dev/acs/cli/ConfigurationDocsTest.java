package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md against the code: every environment variable the code reads is in the
 * page, every variable in the table is read somewhere, and where the code gives a default as a
 * literal (or a constant holding one) the table's default names it. Reads are found in the source
 * ({@code env.get("NAME", default)}, {@code getInt}, {@code getBoolean}, {@code require},
 * {@code getOrDefault}, {@code System.getenv}), names given by constants resolved.
 */
class ConfigurationDocsTest {
  static final Path ROOT = Path.of(System.getProperty("acs.root.dir", ".."));
  static final Path PAGE = ROOT.resolve("docs/configuration.md");

  /** Variables of the operating system and shell, not ACS's settings. */
  static final Set<String> NOT_SETTINGS = Set.of("HOME", "PATH", "XDG_CONFIG_HOME", "USER", "TMPDIR", "SHELL", "LANG");

  private static final Pattern READ = Pattern.compile(
      "\\.(get|getInt|getBoolean|getLong|require|getOrDefault)\\(\\s*(\"([A-Z][A-Z0-9_]+)\"|([A-Z][A-Za-z0-9_]*\\.)?([A-Z][A-Z0-9_]+))\\s*(?:,\\s*([^,;]*?))?\\)");
  private static final Pattern GETENV = Pattern.compile("System\\.getenv\\(\"([A-Z][A-Z0-9_]+)\"\\)");
  private static final Pattern CONSTANT = Pattern.compile(
      "static\\s+final\\s+(?:String|int|long|boolean)\\s+([A-Z][A-Z0-9_]+)\\s*=\\s*(\"[^\"]*\"|-?\\d+(?:\\.\\d+)?L?|true|false)\\s*;");
  private static final Pattern LITERAL = Pattern.compile("\"[^\"]*\"|-?\\d+(?:\\.\\d+)?L?|true|false");

  /**
   * One read of a variable: where, and its default when the code gives one we can read ({@code ""}
   * only from {@code Env.get}, where a blank value counts as unset: the docs say "empty").
   */
  record Read(String variable, String file, String defaultValue) {}

  static List<Read> reads;
  static Map<String, String> documentedDefaults;
  static String page;

  @BeforeAll
  static void readBoth() throws IOException {
    page = Files.readString(PAGE, StandardCharsets.UTF_8);
    documentedDefaults = tableDefaults(page);
    reads = readsInCode(ROOT.resolve("app/src/main/java"));
  }

  @Test
  void theTableWasFound() {
    assertThat(documentedDefaults).as("variables in the tables of " + PAGE).hasSizeGreaterThan(40).containsKey("ACS_PORT");
    assertThat(reads).as("variable reads found in app/src/main/java").hasSizeGreaterThan(40);
  }

  @Test
  void everyVariableTheCodeReadsIsDocumented() {
    Map<String, Set<String>> missing = new TreeMap<>();
    for (Read r : reads) {
      if (!NOT_SETTINGS.contains(r.variable()) && !page.contains("`" + r.variable() + "`")) {
        missing.computeIfAbsent(r.variable(), k -> new LinkedHashSet<>()).add(r.file());
      }
    }
    assertThat(missing).as("variables read by the code but not in docs/configuration.md (add a row: | `NAME` | default | used by | meaning |)")
        .isEmpty();
  }

  @Test
  void everyDocumentedVariableIsRead() throws IOException {
    String code = allSource(ROOT.resolve("app/src/main/java")) + allSource(ROOT.resolve("app/src/main/resources"));
    List<String> unread = new ArrayList<>();
    for (String variable : documentedDefaults.keySet()) {
      if (!code.contains("\"" + variable + "\"") && !code.contains("${" + variable)) {
        unread.add(variable);
      }
    }
    assertThat(unread).as("variables in docs/configuration.md's tables that no code in app/src/main names").isEmpty();
  }

  @Test
  void theDocumentedDefaultsAreTheCodes() {
    List<String> wrong = new ArrayList<>();
    for (Read r : reads) {
      String documented = documentedDefaults.get(r.variable());
      if (documented == null || r.defaultValue() == null || documented.contains("required")) {
        continue; // a required variable's default in the code is a fallback for another command
      }
      String value = r.defaultValue();
      String relative = value.startsWith("./") ? value.substring(2) : "./" + value;
      boolean ok = value.isEmpty()
          ? documented.startsWith("empty") || documented.startsWith("—") || documented.startsWith("-")
          : documented.contains("`" + value + "`") || documented.contains("`" + relative + "`");
      if (!ok) {
        wrong.add(r.variable() + ": docs/configuration.md says " + documented + ", but " + r.file() + " reads it with the default "
            + (value.isEmpty() ? "\"\" (write: empty)" : "`" + value + "`"));
      }
    }
    assertThat(wrong).as("defaults in docs/configuration.md that the code does not use").isEmpty();
  }

  @Test
  void aWrongDefaultOrAnUndocumentedVariableWouldBeCaught() {
    Map<String, String> table = tableDefaults("""
        | variable | default | used by | meaning |
        | --- | --- | --- | --- |
        | `ACS_PORT` | `8080` | serve | the port |
        | `GITHUB_EVENT_NAME`, `GITHUB_EVENT_PATH` | — (required) | action | the event |
        """);
    assertThat(table).containsEntry("ACS_PORT", "`8080`").containsEntry("GITHUB_EVENT_PATH", "— (required)");
    Read port = reads.stream().filter(r -> r.variable().equals("ACS_PORT") && r.defaultValue() != null).findFirst().orElseThrow();
    assertThat(port.defaultValue()).isEqualTo("3000");
    assertThat(table.get("ACS_PORT")).doesNotContain("`" + port.defaultValue() + "`");
  }

  /** variable → its default cell, from every table row whose first cell names variables in backticks. */
  static Map<String, String> tableDefaults(String markdown) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : markdown.split("\n")) {
      if (!line.startsWith("| `")) {
        continue;
      }
      List<String> cells = cells(line);
      if (cells.size() < 3) {
        continue;
      }
      Matcher names = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(cells.get(0));
      while (names.find()) {
        out.put(names.group(1), cells.get(1).strip());
      }
    }
    return out;
  }

  /** The cells of a table row; {@code \|} stays inside a cell. */
  private static List<String> cells(String row) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    String inner = row.strip().substring(1);
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '\\' && i + 1 < inner.length() && inner.charAt(i + 1) == '|') {
        cell.append('|');
        i++;
      } else if (c == '|') {
        cells.add(cell.toString().strip());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    return cells;
  }

  static List<Read> readsInCode(Path sources) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(sources)) {
      for (Path p : walk.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        files.put(p.getFileName().toString().replace(".java", ""), Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    List<Read> out = new ArrayList<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      String text = file.getValue();
      Matcher m = READ.matcher(text);
      while (m.find()) {
        String variable = m.group(3) != null ? m.group(3)
            : constant(files, file.getKey(), m.group(4), m.group(5)).filter(v -> v.startsWith("\"")).map(v -> v.substring(1, v.length() - 1)).orElse(null);
        if (variable == null || !variable.matches("[A-Z][A-Z0-9_]+")) {
          continue;
        }
        // require's second argument says why, and a Map's getOrDefault(NAME, "") means unset.
        String value = m.group(1).equals("require") ? null : defaultOf(files, file.getKey(), m.group(6));
        if ("".equals(value) && !m.group(1).equals("get")) {
          value = null;
        }
        out.add(new Read(variable, file.getKey() + ".java", value));
      }
      Matcher g = GETENV.matcher(text);
      while (g.find()) {
        out.add(new Read(g.group(1), file.getKey() + ".java", null));
      }
    }
    return out;
  }

  /** The default argument as a value (quotes off), a constant resolved; null when it is computed. */
  private static String defaultOf(Map<String, String> files, String file, String argument) {
    if (argument == null) {
      return null;
    }
    String a = argument.strip();
    Matcher qualified = Pattern.compile("(?:([A-Z][A-Za-z0-9_]*)\\.)?([A-Z][A-Z0-9_]+)").matcher(a);
    if (qualified.matches()) {
      a = constant(files, file, qualified.group(1) == null ? null : qualified.group(1) + ".", qualified.group(2)).orElse(null);
      if (a == null) {
        return null;
      }
    }
    if (!LITERAL.matcher(a).matches()) {
      return null;
    }
    return a.startsWith("\"") ? a.substring(1, a.length() - 1) : a.replaceAll("L$", "");
  }

  private static java.util.Optional<String> constant(Map<String, String> files, String file, String qualifier, String name) {
    String owner = qualifier == null ? file : qualifier.substring(0, qualifier.length() - 1);
    String text = files.get(owner);
    if (text == null) {
      return java.util.Optional.empty();
    }
    Matcher c = CONSTANT.matcher(text);
    while (c.find()) {
      if (c.group(1).equals(name)) {
        return java.util.Optional.of(c.group(2));
      }
    }
    return java.util.Optional.empty();
  }

  private static String allSource(Path sources) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> walk = Files.walk(sources)) {
      for (Path p : walk.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".xml")).toList()) {
        all.append(Files.readString(p, StandardCharsets.UTF_8)).append('\n');
      }
    }
    return all.toString();
  }
}
