package dev.acs.pipeline;

/** The coder's tool calls in the words of the progress report ("reading the code", "running the tests"). */
final class ToolActivity {
  private ToolActivity() {}

  /** What a tool call means to a reader of the issue; null for calls not worth a word (finish, marking a step). */
  static String of(String tool, boolean testsRun) {
    return switch (tool) {
      case "read_file", "list_files", "search_code" -> "reading the code";
      case "edit_file", "create_file", "delete_file" -> "editing files";
      case "run_checks" -> testsRun ? "running the tests" : "running the checks";
      default -> null;
    };
  }
}
