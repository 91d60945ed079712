package dev.acs.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * The model sends any search and replace text for any file: the applier answers Applied or
 * Rejected, never throws, and an exact edit changes the one place it names and nothing else.
 * Inputs are {@code file \0 search \0 replace} (see {@link FuzzInput}).
 */
class EditApplierFuzzTest {

  @FuzzTest
  void appliesOrRejects(byte[] input) {
    List<String> f = FuzzInput.fields(input, 3);
    String content = f.get(0);
    String search = f.get(1);
    String replace = f.get(2);
    EditApplier.Result result = EditApplier.apply(content, search, replace);
    if (result instanceof EditApplier.Rejected r) {
      assertThat(r.message()).isNotBlank();
      return;
    }
    EditApplier.Applied a = (EditApplier.Applied) result;
    assertThat(a.line()).isPositive();
    assertThat(a.line()).isLessThanOrEqualTo((int) content.chars().filter(c -> c == '\n').count() + 1);
    if (a.exact() && !content.contains("\r\n") && !search.contains("\r\n") && !replace.contains("\r\n")) {
      int at = content.indexOf(search);
      assertThat(content.indexOf(search, at + 1)).as("an exact edit needs a unique match").isLessThan(0);
      assertThat(a.content()).isEqualTo(content.substring(0, at) + replace + content.substring(at + search.length()));
    }
  }
}
