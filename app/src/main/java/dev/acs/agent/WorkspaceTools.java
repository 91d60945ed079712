package dev.acs.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import dev.acs.workspace.ConfinedFiles;
import dev.acs.workspace.EditApplier;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The coder's tools over one working tree, and their dispatch. The set is fixed here; nothing in a
 * request or a prompt can add to it. A call never throws: every problem (bad JSON, unknown tool,
 * a path outside the tree, an edit that does not apply) comes back as a result text that tells the
 * model what to do instead.
 */
final class WorkspaceTools {
  static final String LIST_FILES = "list_files";
  static final String READ_FILE = "read_file";
  static final String SEARCH_CODE = "search_code";
  static final String EDIT_FILE = "edit_file";
  static final String CREATE_FILE = "create_file";
  static final String DELETE_FILE = "delete_file";
  static final String RUN_CHECKS = "run_checks";
  static final String FINISH = "finish";
  static final String MARK_STEP_DONE = "mark_step_done";

  static final int MAX_LIST = 300;
  static final int MAX_READ_LINES = 400;
  static final int MAX_RESULT_CHARS = 24_000;
  static final int MAX_SEARCH_RESULTS = 200;
  static final Duration SEARCH_TIME = Duration.ofSeconds(5);

  /** The result of one tool call. {@code finish} is set only for an accepted-looking finish call. */
  record Outcome(String text, boolean error, FinishCall finish) {
    static Outcome ok(String text) {
      return new Outcome(text, false, null);
    }

    static Outcome error(String text) {
      return new Outcome("ERROR: " + text, true, null);
    }
  }

  /** What the model said when it called finish; {@code subject} is its commit subject, or null. */
  record FinishCall(String summary, boolean gaveUp, String subject) {
    FinishCall(String summary, boolean gaveUp) {
      this(summary, gaveUp, null);
    }
  }

  private final ConfinedFiles files;
  private final CheckRunner checks;
  // Content before the first change (empty: the file did not exist), to tell real changes apart.
  private final Map<String, Optional<String>> originals = new LinkedHashMap<>();
  private int modifications;
  private int modificationsAtLastCheck = -1;
  private CheckRunner.CheckResult lastCheck;

  /** Steps of the agreed plan; 0 when there is none (then there is no mark_step_done tool). */
  private final int planSteps;

  WorkspaceTools(ConfinedFiles files, CheckRunner checks) {
    this(files, checks, 0);
  }

  WorkspaceTools(ConfinedFiles files, CheckRunner checks, int planSteps) {
    this.files = files;
    this.checks = checks;
    this.planSteps = planSteps;
  }

  /** The tools as the model is told of them (run_checks only with checks, mark_step_done only with a plan). */
  List<ToolSpecification> specifications() {
    return WorkspaceToolSpecs.of(checks != null, planSteps);
  }

  Outcome execute(ToolExecutionRequest call) {
    String name = call.name() == null ? "" : call.name();
    JsonNode args;
    try {
      args = parseArguments(call.arguments());
    } catch (IllegalArgumentException e) {
      return Outcome.error(e.getMessage());
    }
    try {
      return switch (name) {
        case LIST_FILES -> listFiles(args);
        case READ_FILE -> readFile(args);
        case SEARCH_CODE -> searchCode(args);
        case EDIT_FILE -> editFile(args);
        case CREATE_FILE -> createFile(args);
        case DELETE_FILE -> deleteFile(args);
        case RUN_CHECKS -> checks == null ? unknown(name) : runChecks();
        case FINISH -> finish(args);
        case MARK_STEP_DONE -> planSteps > 0 ? markStepDone(args) : unknown(name);
        default -> unknown(name);
      };
    } catch (ConfinedFiles.Rejected e) {
      return Outcome.error(e.getMessage());
    } catch (NoSuchFileException e) {
      return Outcome.error("'" + e.getMessage() + "' does not exist. Use list_files or search_code to find the right path.");
    } catch (IllegalArgumentException e) {
      return Outcome.error(e.getMessage());
    } catch (IOException e) {
      return Outcome.error(Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
    }
  }

  private Outcome unknown(String name) {
    return Outcome.error(
        "there is no tool named '" + name + "'. The tools are: "
            + String.join(", ", specifications().stream().map(ToolSpecification::name).toList()) + ".");
  }

  /** Parses tool arguments; an empty string counts as no arguments. */
  static JsonNode parseArguments(String arguments) {
    if (arguments == null || arguments.isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(arguments);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the arguments were not valid JSON (" + firstLine(e.getMessage())
              + "). Send the arguments as one JSON object, e.g. {\"path\": \"src/Main.java\"}.");
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(
          "the arguments must be a JSON object, e.g. {\"path\": \"src/Main.java\"}, not " + (node == null ? "nothing" : node.getNodeType()));
    }
    return node;
  }

  private Outcome listFiles(JsonNode args) throws IOException {
    String path = optionalString(args, "path").orElse("");
    List<String> found = files.listFiles(path, MAX_LIST + 1);
    if (found.isEmpty()) {
      return Outcome.ok("(no files)");
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(found.size(), MAX_LIST); i++) {
      b.append(found.get(i)).append('\n');
    }
    // File names are chosen by whoever wrote the repository: fenced like its contents.
    return Outcome.ok(Prompts.untrusted("FILE LIST", b.toString()) + "\n"
        + (found.size() > MAX_LIST ? "... more files not shown; list a sub-folder.\n" : ""));
  }

  private Outcome readFile(JsonNode args) throws IOException {
    String path = requiredString(args, READ_FILE, "path");
    String text = files.readString(path);
    String[] lines = text.split("\n", -1);
    int total = text.endsWith("\n") ? lines.length - 1 : lines.length;
    int start = optionalInt(args, "start_line").orElse(1);
    int end = optionalInt(args, "end_line").orElse(Math.min(total, start + MAX_READ_LINES - 1));
    if (total == 0) {
      return Outcome.ok("(" + path + " is empty)");
    }
    if (start < 1 || start > total) {
      return Outcome.error(path + " has " + total + " lines; start_line must be between 1 and " + total + ".");
    }
    end = Math.min(Math.max(end, start), total);
    boolean clipped = end - start + 1 > MAX_READ_LINES;
    if (clipped) {
      end = start + MAX_READ_LINES - 1;
    }
    // The file's lines are fenced (repository content is untrusted: a fork or the model may have
    // written it); the header and the notes around them are ACS's.
    String header = MarkerLookalikes.defuse(ConfinedFiles.normalize(path)) + " (lines " + start + "-" + end + " of " + total + ")\n";
    StringBuilder b = new StringBuilder();
    String note = end < total ? "... " + (total - end) + " more lines; read them with start_line=" + (end + 1) + ".\n" : "";
    for (int i = start; i <= end; i++) {
      String line = lines[i - 1];
      b.append(String.format("%5d| ", i)).append(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).append('\n');
      if (b.length() > MAX_RESULT_CHARS) {
        note = "... output cut at " + MAX_RESULT_CHARS + " characters; read from line " + (i + 1) + ".\n";
        break;
      }
    }
    return Outcome.ok(header + Prompts.untrusted("FILE", b.toString()) + "\n" + note);
  }

  private Outcome searchCode(JsonNode args) throws IOException {
    String regex = requiredString(args, SEARCH_CODE, "pattern");
    String path = optionalString(args, "path").orElse("");
    int max = Math.max(1, Math.min(optionalInt(args, "max_results").orElse(50), MAX_SEARCH_RESULTS));
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      return Outcome.error("the pattern is not a valid Java regular expression: " + firstLine(e.getDescription())
          + ". Escape special characters such as ( [ { . with a backslash.");
    }
    long deadline = System.nanoTime() + SEARCH_TIME.toNanos();
    List<String> hits = new ArrayList<>();
    boolean more = false;
    int scanned = 0;
    for (String file : files.listFiles(path, 20_000)) {
      String text;
      try {
        text = files.readString(file);
      } catch (IOException e) {
        continue; // binary, too large or not UTF-8: not code to search
      }
      scanned++;
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        Matcher m = pattern.matcher(new DeadlineText(clip(lines[i], 2000), deadline));
        boolean found;
        try {
          found = m.find();
        } catch (DeadlineText.Expired e) {
          return Outcome.error("the search took longer than " + SEARCH_TIME.toSeconds()
              + "s; use a simpler pattern or a narrower path. Matches so far:\n"
              + Prompts.untrusted("SEARCH RESULTS", String.join("\n", hits)));
        }
        if (found) {
          if (hits.size() == max) {
            more = true;
            break;
          }
          hits.add(file + ":" + (i + 1) + ": " + clip(lines[i].strip(), 200));
        }
      }
      if (more) {
        break;
      }
    }
    if (hits.isEmpty()) {
      return Outcome.ok("no matches in " + scanned + " files");
    }
    return Outcome.ok(Prompts.untrusted("SEARCH RESULTS", String.join("\n", hits)) + "\n"
        + (more ? "... more matches not shown; narrow the pattern or path.\n" : ""));
  }

  private Outcome editFile(JsonNode args) throws IOException {
    String path = ConfinedFiles.normalize(requiredString(args, EDIT_FILE, "path"));
    String search = requiredString(args, EDIT_FILE, "search");
    String replace = args.has("replace") && args.get("replace").isTextual() ? args.get("replace").asText() : null;
    if (replace == null) {
      throw new IllegalArgumentException("edit_file needs \"replace\" (a string; empty to delete the block).");
    }
    String before = files.readString(path);
    EditApplier.Result r = EditApplier.apply(before, search, replace);
    if (r instanceof EditApplier.Rejected rej) {
      // The message may quote a line of the file: marker look-alikes in it are defused.
      return Outcome.error("edit of " + path + " not applied. " + MarkerLookalikes.defuse(rej.message()));
    }
    EditApplier.Applied a = (EditApplier.Applied) r;
    remember(path, Optional.of(before));
    files.writeString(path, a.content());
    modifications++;
    return Outcome.ok("edited " + path + " at line " + a.line()
        + (a.exact() ? "" : " (matched ignoring whitespace; check the indentation with read_file)") + ".");
  }

  private Outcome createFile(JsonNode args) throws IOException {
    String path = ConfinedFiles.normalize(requiredString(args, CREATE_FILE, "path"));
    String content = args.has("content") && args.get("content").isTextual() ? args.get("content").asText() : null;
    if (content == null) {
      throw new IllegalArgumentException("create_file needs \"content\" (a string).");
    }
    if (path.isEmpty()) {
      throw new IllegalArgumentException("create_file needs a file path.");
    }
    if (files.exists(path)) {
      return Outcome.error(path + " already exists. Change it with edit_file (read it first).");
    }
    String problem = WritableText.problemWith(content);
    if (problem != null) {
      return Outcome.error(path + " not created: " + problem + ".");
    }
    remember(path, Optional.empty());
    files.writeString(path, content);
    modifications++;
    return Outcome.ok("created " + path + " (" + content.lines().count() + " lines).");
  }

  private Outcome deleteFile(JsonNode args) throws IOException {
    String path = ConfinedFiles.normalize(requiredString(args, DELETE_FILE, "path"));
    String before;
    try {
      before = files.readString(path);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      before = null; // binary or large: still deletable, compared by absence only
    }
    remember(path, Optional.ofNullable(before).or(() -> Optional.of("\u0000binary")));
    files.delete(path);
    modifications++;
    return Outcome.ok("deleted " + path + ".");
  }

  private Outcome runChecks() {
    CheckRunner.CheckResult r = check();
    if (r == null) {
      return Outcome.error("the checks could not run; see the log. Continue without them or finish.");
    }
    // Build and test output is written by code the model or a fork wrote: fenced.
    return r.passed()
        ? Outcome.ok("checks passed.\n" + Prompts.untrusted("CHECK OUTPUT", clip(r.output(), 4000)))
        : new Outcome("checks FAILED:\n" + Prompts.untrusted("CHECK OUTPUT", clip(r.output(), 8000)), false, null);
  }

  /** Runs the checks now (also used by finish); null when the runner itself broke. */
  CheckRunner.CheckResult check() {
    try {
      CheckRunner.CheckResult r = checks.run(changedFiles());
      lastCheck = r == null ? new CheckRunner.CheckResult(false, "check runner returned nothing") : r;
    } catch (Exception e) {
      lastCheck = new CheckRunner.CheckResult(false, "checks could not run: " + e.getMessage());
      modificationsAtLastCheck = modifications;
      return null;
    }
    modificationsAtLastCheck = modifications;
    return lastCheck;
  }

  private Outcome finish(JsonNode args) {
    String summary = optionalString(args, "summary").orElse("").strip();
    if (summary.isEmpty()) {
      return Outcome.error("finish needs a \"summary\" of what you changed (or why you could not).");
    }
    String outcome = optionalString(args, "outcome").orElse("done");
    if (!outcome.equals("done") && !outcome.equals("gave_up")) {
      return Outcome.error("finish \"outcome\" must be \"done\" or \"gave_up\".");
    }
    String subject = optionalString(args, "subject").map(String::strip).filter(x -> !x.isEmpty()).orElse(null);
    return new Outcome("finishing.", false, new FinishCall(summary, outcome.equals("gave_up"), subject));
  }

  private Outcome markStepDone(JsonNode args) {
    int step = args.path("step").asInt(0);
    if (step < 1 || step > planSteps) {
      return Outcome.error("mark_step_done needs \"step\": a number from 1 to " + planSteps + ".");
    }
    return Outcome.ok("step " + step + " marked done.");
  }

  /** The step number of a successful mark_step_done call's arguments. */
  static int stepNumber(String arguments) {
    try {
      return parseArguments(arguments).path("step").asInt(0);
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  boolean hasChecks() {
    return checks != null;
  }

  /** True when files changed since the last check run (or no check ran yet). */
  boolean checksStale() {
    return modificationsAtLastCheck != modifications;
  }

  CheckRunner.CheckResult lastCheck() {
    return lastCheck;
  }

  /** Files whose content now differs from before the run, sorted. */
  List<String> changedFiles() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Optional<String>> e : originals.entrySet()) {
      Optional<String> now;
      try {
        now = files.exists(e.getKey()) ? Optional.of(files.readString(e.getKey())) : Optional.empty();
      } catch (IOException ex) {
        now = Optional.of("\u0000unreadable");
      }
      if (!now.equals(e.getValue())) {
        out.add(e.getKey());
      }
    }
    out.sort(null);
    return out;
  }

  private void remember(String path, Optional<String> before) {
    originals.putIfAbsent(path, before);
  }

  private static String requiredString(JsonNode args, String tool, String field) {
    JsonNode v = args.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException(tool + " needs \"" + field + "\" (a non-empty string).");
    }
    return v.asText();
  }

  private static Optional<String> optionalString(JsonNode args, String field) {
    JsonNode v = args.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  private static Optional<Integer> optionalInt(JsonNode args, String field) {
    JsonNode v = args.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (v.canConvertToInt()) {
      return Optional.of(v.asInt());
    }
    if (v.isTextual()) {
      try {
        return Optional.of(Integer.parseInt(v.asText().strip()));
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new IllegalArgumentException("\"" + field + "\" must be a whole number.");
  }

  static String clip(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, max) + " ...[cut]";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
