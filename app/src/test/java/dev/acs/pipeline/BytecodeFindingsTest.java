package dev.acs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;


import dev.acs.github.InMemoryRepoGitHub;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the repository is built in the working tree (the Action), SpotBugs looks at the compiled
 * classes of the changed files: a high-priority bug the change adds reaches the model, the check
 * run's annotations and the policy input, like a PMD finding. Real parts ({@link PipelineRig});
 * the test command is a real javac run.
 */
class BytecodeFindingsTest {
  @TempDir Path tmp;
  PipelineRig rig;

  @BeforeEach
  void setUp() throws Exception {
    rig = PipelineRig.start(tmp, "octo/names", Map.of(
        "src/main/java/demo/Names.java",
        "package demo;\n\npublic class Names {\n  public boolean isAda(String name) {\n    return \"Ada\".equals(name);\n  }\n}\n",
        ".gitignore", "target/\n"), true);
    String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
    rig.github.putFile("main", ".github/acs.yml", "test_command: \"'" + javac + "' -g -d target/classes src/main/java/demo/*.java\"\n");
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  @Test
  void aBugTheChangeAddsIsFoundInTheBytecodeAndAnnotated() throws Exception {
    Task task = rig.label("Recognise number one", """
        {"entries": [
          {"type": "assistant", "tool_calls": [{"name": "submit_plan", "arguments": {"summary": "Recognise number one",
            "steps": ["Add isNumberOne"], "files": ["src/main/java/demo/Names.java"], "risks": ["none"], "verification": "javac"}}]},
          {"type": "assistant", "tool_calls": [{"name": "edit_file", "arguments": {"path": "src/main/java/demo/Names.java",
            "search": "    return \\"Ada\\".equals(name);\\n  }\\n",
            "replace": "    return \\"Ada\\".equals(name);\\n  }\\n\\n  public boolean isNumberOne(String name) {\\n    return name.equals(Integer.valueOf(1));\\n  }\\n"}}]},
          {"type": "assistant", "tool_calls": [{"name": "finish", "arguments": {"summary": "Added isNumberOne"}}]},
          {"type": "assistant", "tool_calls": [{"name": "edit_file", "arguments": {"path": "src/main/java/demo/Names.java",
            "search": "public class Names {", "replace": "/** Names people are called by. */\\npublic class Names {"}}]},
          {"type": "assistant", "tool_calls": [{"name": "finish", "arguments": {"summary": "Documented the class"}}]}
        ]}
        """);

    // Found after the first round and handed back to the model once, as PMD findings are.
    assertThat(rig.tasks.events(task.id())).anySatisfy(e -> assertThat(e.detail() == null ? "" : e.detail()).contains("EC_UNRELATED_TYPES"));
    // The model left it in: a new high-severity SpotBugs finding is a rule of the default policy,
    // which the guardrails enforce without any OPA engine. The refusal names rule, file and line.
    assertThat(task.state()).isEqualTo(TaskState.BLOCKED_BY_POLICY);
    assertThat(rig.github.comments(task.issueNumber())).extracting(InMemoryRepoGitHub.Comment::body).anySatisfy(b -> assertThat(b)
        .contains("`push` denied").contains("spotbugs finding EC\\_UNRELATED\\_TYPES at src/main/java/demo/Names.java:10")
        .contains("(rule: finding;"));
  }
}
