package dev.acs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.github.RepoGitHub.CheckRunInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeadChecksTest {

  /** "name:app:status:conclusion" per run, separated by spaces; "-" for a missing conclusion. */
  static List<CheckRunInfo> runs(String spec) {
    List<CheckRunInfo> out = new ArrayList<>();
    long id = 1;
    for (String run : spec.isBlank() ? new String[0] : spec.trim().split("\\s+")) {
      String[] p = run.split(":");
      out.add(new CheckRunInfo(id++, p[0], "abc", p[2], p[3].equals("-") ? null : p[3], p[1], null, null, null, null, 1L));
    }
    return out;
  }

  @ParameterizedTest(name = "{0} (cancelled fails: {1}) → {2} {3}")
  @CsvSource(delimiter = '|', value = {
      "''                                                              | false | NONE      | ''",
      "ACS:acs:completed:failure                                       | false | NONE      | ''",
      "build:github-actions:completed:failure lint:github-actions:in_progress:-   | false | PENDING | ''",
      "build:github-actions:queued:-                                   | false | PENDING   | ''",
      "build:github-actions:completed:success ACS:acs:in_progress:-    | false | GREEN     | ''",
      "build:github-actions:completed:success cov:codecov:completed:neutral docs:github-actions:completed:skipped | false | GREEN | ''",
      "build:github-actions:completed:failure lint:github-actions:completed:success | false | FAILING | build",
      "build:github-actions:completed:timed_out                        | false | FAILING   | build",
      "build:github-actions:completed:cancelled                        | false | NOT_GREEN | ''",
      "build:github-actions:completed:cancelled                        | true  | FAILING   | build",
      "deploy:github-actions:completed:action_required                 | false | NOT_GREEN | ''",
      "build:github-actions:completed:stale                            | false | NOT_GREEN | ''",
      "ACS:other-app:completed:failure                                 | false | FAILING   | ACS",
      "ACS:github-actions:completed:failure build:github-actions:completed:success | false | FAILING | ACS",
  })
  void judgesAllRunsOfTheCommitTogether(String spec, boolean cancelledFails, HeadChecks.Verdict verdict, String failing) {
    HeadChecks h = HeadChecks.of(runs(spec), "acs", cancelledFails);
    assertThat(h.verdict()).isEqualTo(verdict);
    assertThat(h.failingNames().replace("`", "")).isEqualTo(failing);
  }

  @ParameterizedTest
  @CsvSource({"acs[bot], acs", "my-acs-app[bot], my-acs-app", "github-actions[bot], github-actions", "octocat, octocat"})
  void theAppSlugIsTheBotLoginWithoutBot(String login, String slug) {
    assertThat(HeadChecks.appSlugOf(login)).isEqualTo(slug);
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "https://github.com/o/r/actions/runs/1234567/job/89, 1234567",
      "https://github.com/o/r/actions/runs/42, 42",
      "https://octocoders.io, null",
      "null, null"})
  void theWorkflowRunOfAnActionsCheckComesFromItsDetailsLink(String url, Long run) {
    assertThat(FailedChecks.workflowRunOf(url)).isEqualTo(run);
  }
}
