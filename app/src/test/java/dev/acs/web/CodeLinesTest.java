package dev.acs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.agent.Transcript;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The colouring of code and diffs, and the session items made from a transcript: pure, no server. */
class CodeLinesTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "+++ b/src/A.java|file",
      "--- a/src/A.java|file",
      "@@ -1,3 +1,4 @@|hunk",
      "+  return x;|add",
      "-  return y;|del",
      "   unchanged|ctx"})
  void diffLinesAreKindedByTheirFirstCharacters(String line, String kind) {
    assertThat(CodeLines.diff(line)).singleElement().satisfies(l -> assertThat(l.kind()).isEqualTo(kind));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "return x;|kw|return",
      "String s = \"a // b\";|str|\"a // b\"",
      "int a = 1; // why|com|// why",
      "# a Python comment|com|# a Python comment"})
  void keywordsStringsAndCommentsAreMarked(String line, String kind, String text) {
    assertThat(CodeLines.highlight(line)).anySatisfy(s -> {
      assertThat(s.kind()).isEqualTo(kind);
      assertThat(s.text()).isEqualTo(text);
    });
    assertThat(String.join("", CodeLines.highlight(line).stream().map(CodeLines.Span::text).toList())).isEqualTo(line);
  }

  @Test
  void anEditBecomesRemovedAndAddedLines() {
    List<CodeLines.Line> lines = CodeLines.change("A.java", "a\nb", "c");
    assertThat(lines).extracting(CodeLines.Line::kind).containsExactly("file", "file", "del", "del", "add");
  }

  @Test
  void aHugeResultIsCutWithAWord() {
    List<CodeLines.Line> lines = CodeLines.code("x\n".repeat(1000));
    assertThat(lines).hasSize(401);
    assertThat(lines.get(400).spans().get(0).text()).isEqualTo("… 600 more lines");
  }

  @Test
  void theSessionShowsCallsResultsAndChecksInOrder() {
    List<Transcript.Entry> entries = List.of(
        new Transcript.Entry("system", "code", "You are ACS", null, null, null, null, null, null, null),
        new Transcript.Entry("assistant", "code", "Let me look.", List.of(new Transcript.ToolCall("c1", "edit_file",
            "{\"path\": \"A.java\", \"search\": \"old\", \"replace\": \"new\"}"), new Transcript.ToolCall("c2", "run_checks", "not json")),
            "gpt", null, null, null, null, null),
        new Transcript.Entry("tool_result", "code", "edited A.java", null, null, null, "c1", "edit_file", false, null),
        new Transcript.Entry("tool_result", "code", "1 test failed", null, null, null, "c2", "run_checks", true, null));

    List<SessionView.Item> items = SessionView.of(entries);

    assertThat(items).extracting(SessionView.Item::kind).containsExactly("prompt", "said", "call", "call", "result", "check");
    assertThat(items.get(2).title()).isEqualTo("edit_file A.java");
    assertThat(items.get(2).lines()).extracting(CodeLines.Line::kind).contains("del", "add");
    assertThat(items.get(3).lines()).singleElement().satisfies(l -> assertThat(l.spans().get(0).text()).isEqualTo("not json"));
    assertThat(items.get(5).title()).isEqualTo("Check results (failed)");
    assertThat(items.get(5).error()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"0,5.00,0", "2.50,5.00,50", "9,5.00,100", "0.01,0,100", "0,0,0"})
  void theShareOfTheBudgetSpentStaysWithinZeroToHundred(String spent, String budget, int percent) {
    assertThat(TaskPage.percent(new BigDecimal(spent), new BigDecimal(budget))).isEqualTo(percent);
  }

  @ParameterizedTest
  @CsvSource({"20,just now", "300,5 min ago", "7200,2 h ago", "86400,1 day ago", "259200,3 days ago"})
  void agesReadAsPeopleSayThem(long seconds, String age) {
    Instant now = Instant.parse("2026-12-01T12:00:00Z");
    assertThat(TaskPage.age(now.minusSeconds(seconds), now)).isEqualTo(age);
  }
}
