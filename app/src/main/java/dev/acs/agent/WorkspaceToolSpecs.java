package dev.acs.agent;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * What the model is told of {@link WorkspaceTools}: each tool's name, what it does and its
 * parameters' schema. The set is fixed here; the limits it states are the ones the tools apply.
 */
final class WorkspaceToolSpecs {
  private WorkspaceToolSpecs() {}

  static List<ToolSpecification> of(boolean withChecks, int planSteps) {
    List<ToolSpecification> specs = new ArrayList<>();
    specs.add(
        tool(WorkspaceTools.LIST_FILES,
            "List the files under a folder of the repository, recursively (at most " + WorkspaceTools.MAX_LIST + ").",
            JsonObjectSchema.builder()
                .addStringProperty("path", "Folder relative to the repository root; empty for the root.")
                .build()));
    specs.add(
        tool(WorkspaceTools.READ_FILE,
            "Read a text file, with line numbers (the numbers and the '|' after them are not part of the file)."
                + " At most " + WorkspaceTools.MAX_READ_LINES + " lines per call; give start_line and end_line for a range.",
            JsonObjectSchema.builder()
                .addStringProperty("path", "File path relative to the repository root.")
                .addIntegerProperty("start_line", "First line to show (1-based, optional).")
                .addIntegerProperty("end_line", "Last line to show (inclusive, optional).")
                .required("path")
                .build()));
    specs.add(
        tool(WorkspaceTools.SEARCH_CODE,
            "Search the repository's text files with a Java regular expression, line by line."
                + " Returns path:line: text, at most max_results matches.",
            JsonObjectSchema.builder()
                .addStringProperty("pattern", "Java regular expression, e.g. \"class \\\\w+Parser\".")
                .addStringProperty("path", "Folder or file to search in (optional; default the whole repository).")
                .addIntegerProperty("max_results", "At most this many matches (default 50, at most " + WorkspaceTools.MAX_SEARCH_RESULTS + ").")
                .required("pattern")
                .build()));
    specs.add(
        tool(WorkspaceTools.EDIT_FILE,
            "Change a file by replacing one block of text. search must match exactly one place in the file"
                + " (copy it from read_file without the line numbers, with enough surrounding lines to be unique);"
                + " replace is the new text for that block. Whitespace differences are tolerated when there is no"
                + " exact match.",
            JsonObjectSchema.builder()
                .addStringProperty("path", "File path relative to the repository root.")
                .addStringProperty("search", "The exact current text to replace.")
                .addStringProperty("replace", "The new text.")
                .required("path", "search", "replace")
                .build()));
    specs.add(
        tool(WorkspaceTools.CREATE_FILE,
            "Create a new file with the given content (folders are created as needed). Fails if the file exists.",
            JsonObjectSchema.builder()
                .addStringProperty("path", "File path relative to the repository root.")
                .addStringProperty("content", "The whole content of the new file.")
                .required("path", "content")
                .build()));
    specs.add(
        tool(WorkspaceTools.DELETE_FILE,
            "Delete a file.",
            JsonObjectSchema.builder()
                .addStringProperty("path", "File path relative to the repository root.")
                .required("path")
                .build()));
    if (withChecks) {
      specs.add(
          tool(WorkspaceTools.RUN_CHECKS,
              "Run the repository's checks (build, tests, linters) on the current state and get pass/fail with"
                  + " the relevant output.",
              JsonObjectSchema.builder().build()));
    }
    if (planSteps > 0) {
      specs.add(
          tool(WorkspaceTools.MARK_STEP_DONE,
              "Say that one step of the agreed plan is done (the plan comment on the issue ticks it). Call it"
                  + " after finishing each step, with the step's number.",
              JsonObjectSchema.builder()
                  .addIntegerProperty("step", "The step's number in the plan, 1 to " + planSteps + ".")
                  .required("step")
                  .build()));
    }
    specs.add(
        tool(WorkspaceTools.FINISH,
            "End the task. Call it once the change is complete (or if you cannot do the task), with a short"
                + " summary of what you changed and why, for the pull request.",
            JsonObjectSchema.builder()
                .addStringProperty("summary", "What was changed and why, in a few sentences.")
                .addStringProperty("subject", "The commit subject: one line in the imperative mood, at most 60"
                    + " characters, saying what this change does (e.g. \"Handle a null name in greet()\").")
                .addEnumProperty("outcome", List.of("done", "gave_up"),
                    "done when the change is complete; gave_up when the task cannot be done (say why in summary).")
                .required("summary")
                .build()));
    return List.copyOf(specs);
  }

  private static ToolSpecification tool(String name, String description, JsonObjectSchema params) {
    return ToolSpecification.builder().name(name).description(description).parameters(params).build();
  }
}
