package dev.acs.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file-localisation task read from a SWE-bench or Multi-SWE-bench record: which repository at
 * which commit, the issue's title and body, and the files the accepted fix changed (test files
 * left out: a ranking is judged on finding the code to fix, and SWE-bench keeps tests in a
 * separate patch anyway).
 */
public record LocalizeTask(String instanceId, String org, String repo, String baseCommit, String title, String body, List<String> goldFiles) {
  private static final Pattern DIFF_HEADER = Pattern.compile("(?m)^diff --git a/(\\S+) b/(\\S+)$");
  private static final Pattern NEW_FILE = Pattern.compile("(?m)^--- /dev/null\\n\\+\\+\\+ b/(\\S+)$");

  /** Reads a record; throws {@link IllegalArgumentException} naming the missing field. */
  public static LocalizeTask of(JsonNode r) {
    String id = text(r, "instance_id");
    if (id == null) {
      throw new IllegalArgumentException("record without instance_id");
    }
    String org = text(r, "org");
    String repo = text(r, "repo");
    if (repo != null && repo.contains("/")) {
      org = repo.substring(0, repo.indexOf('/'));
      repo = repo.substring(repo.indexOf('/') + 1);
    }
    if (org == null || repo == null) {
      throw new IllegalArgumentException(id + ": no org/repo");
    }
    String base = r.path("base").isObject() ? text(r.path("base"), "sha") : text(r, "base_commit");
    if (base == null) {
      throw new IllegalArgumentException(id + ": no base.sha or base_commit");
    }
    String title;
    String body;
    JsonNode issues = r.path("resolved_issues");
    if (issues.isArray() && !issues.isEmpty()) {
      List<String> titles = new ArrayList<>();
      StringBuilder b = new StringBuilder();
      for (JsonNode issue : issues) {
        titles.add(issue.path("title").asText(""));
        b.append(issue.path("body").asText("")).append('\n');
      }
      title = String.join("\n", titles);
      body = b.toString();
    } else if (text(r, "problem_statement") != null) {
      // SWE-bench has one text; its first line is the issue title.
      String ps = text(r, "problem_statement");
      int nl = ps.indexOf('\n');
      title = nl < 0 ? ps : ps.substring(0, nl);
      body = nl < 0 ? "" : ps.substring(nl + 1);
    } else {
      throw new IllegalArgumentException(id + ": no resolved_issues or problem_statement");
    }
    String patch = text(r, "fix_patch") != null ? text(r, "fix_patch") : text(r, "patch");
    if (patch == null) {
      throw new IllegalArgumentException(id + ": no fix_patch or patch");
    }
    return new LocalizeTask(id, org, repo, base, title, body, changedFiles(patch));
  }

  /** Files a patch changes that existed before it (a new file cannot be found), tests excluded. */
  static List<String> changedFiles(String patch) {
    Set<String> created = new LinkedHashSet<>();
    Matcher n = NEW_FILE.matcher(patch);
    while (n.find()) {
      created.add(n.group(1));
    }
    Set<String> out = new LinkedHashSet<>();
    Matcher m = DIFF_HEADER.matcher(patch);
    while (m.find()) {
      String path = m.group(1);
      if (!created.contains(m.group(2)) && !dev.acs.context.SourceFile.looksLikeTest(path)) {
        out.add(path);
      }
    }
    return List.copyOf(out);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
