package dev.acs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReviewReportTest {
  static final List<Long> IDS = List.of(11L, 12L);

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "#11: addressed                              | true  | ''",
      "- #11: addressed                            | true  | ''",
      "* #11 — Addressed. renamed the method       | true  | renamed the method",
      "#11: done                                   | true  | ''",
      "11: addressed                               | true  | ''",
      "#11: not addressed - a question for a person | false | a question for a person",
      "#11: Not Addressed: out of scope            | false | out of scope",
      "#11: partly addressed - only the first half | false | only the first half",
      "#11: skipped                                | false | ''",
      "I addressed #11                             | null  | null",
      "#99: addressed                              | null  | null",
      "''                                          | null  | null"})
  void readsOneLinePerComment(String line, Boolean addressed, String note) {
    ReviewReport r = ReviewReport.parse("Changed the code.\n" + line + "\n", IDS);
    if (addressed == null) {
      assertThat(r.of(11)).isEmpty();
      assertThat(r.addressed(11)).isFalse();
    } else {
      assertThat(r.of(11)).hasValueSatisfying(v -> {
        assertThat(v.addressed()).isEqualTo(addressed);
        assertThat(v.note()).isEqualTo(note);
      });
    }
  }

  @Test
  void theFirstLineForACommentCountsAndUnmentionedCommentsAreNotAddressed() {
    ReviewReport r = ReviewReport.parse("#11: not addressed - later\n#11: addressed\n", IDS);
    assertThat(r.addressed(11)).isFalse();
    assertThat(r.addressed(12)).isFalse();
    assertThat(ReviewReport.parse(null, IDS).of(12)).isEmpty();
  }

  @Test
  void theInstructionNamesEveryComment() {
    assertThat(ReviewReport.instruction(IDS)).contains("#11: addressed\n#12: addressed\n").contains("not addressed - <why>");
  }
}
