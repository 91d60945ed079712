package dev.acs.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.webhook.event.CheckRunEvent;
import dev.acs.webhook.event.CheckSuiteEvent;
import dev.acs.webhook.event.EventTypes;
import dev.acs.webhook.event.InstallationEvent;
import dev.acs.webhook.event.InstallationRepositoriesEvent;
import dev.acs.webhook.event.IssueCommentEvent;
import dev.acs.webhook.event.IssuesEvent;
import dev.acs.webhook.event.PingEvent;
import dev.acs.webhook.event.PullRequestEvent;
import dev.acs.webhook.event.PullRequestReviewCommentEvent;
import dev.acs.webhook.event.PullRequestReviewEvent;
import dev.acs.webhook.event.WorkflowRunEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventParserTest {
  private final EventParser parser = new EventParser();

  static Stream<Path> everyFixture() {
    return Fixtures.allPayloads().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyFixture")
  void parsesEveryFixtureIntoItsRecordOrRoutesItAsIgnored(Path fixture) {
    String event = Fixtures.eventOf(fixture);
    EventParser.Parsed parsed = parser.parse(event, Fixtures.bytes(fixture));
    if (EventTypes.typeOf(event).isPresent()) {
      assertThat(parsed).isInstanceOf(EventParser.Typed.class);
      var e = ((EventParser.Typed) parsed).event();
      assertThat(e).isInstanceOf(EventTypes.typeOf(event).get());
      assertThat(e.missing()).isEmpty();
      assertThat(e.sender()).isNotNull();
      if (!event.equals("ping")) {
        assertThat(e.action()).isNotBlank();
      }
    } else {
      assertThat(parsed).isInstanceOf(EventParser.Untyped.class);
    }
  }

  @Test
  void theFixtureFolderCoversEveryTypedEventAndSomeOthers() {
    Map<String, Integer> perEvent = new HashMap<>();
    for (Path p : Fixtures.allPayloads()) {
      perEvent.merge(Fixtures.eventOf(p), 1, Integer::sum);
    }
    assertThat(perEvent.keySet()).containsAll(EventTypes.names()).contains("push", "label", "status");
  }

  private <E> E typed(String fixture, Class<E> type) {
    EventParser.Parsed parsed = parser.parse(Fixtures.eventOf(Path.of(fixture)), Fixtures.bytes(fixture));
    assertThat(parsed).isInstanceOf(EventParser.Typed.class);
    return type.cast(((EventParser.Typed) parsed).event());
  }

  @Test
  void issuesLabeledCarriesIssueLabelRepositoryAndSender() {
    IssuesEvent e = typed("issues/labeled.json", IssuesEvent.class);
    assertThat(e.action()).isEqualTo("labeled");
    assertThat(e.issue().number()).isEqualTo(1);
    assertThat(e.issue().title()).isEqualTo("Spelling error in the README file");
    assertThat(e.issue().hasLabel("bug")).isTrue();
    assertThat(e.issue().isPullRequest()).isFalse();
    assertThat(e.issue().user().login()).isEqualTo("Codertocat");
    assertThat(e.label().name()).isEqualTo("bug");
    assertThat(e.repository().fullName()).isEqualTo("Codertocat/Hello-World");
    assertThat(e.repository().defaultBranch()).isEqualTo("master");
    assertThat(e.repository().cloneUrl()).isEqualTo("https://github.com/Codertocat/Hello-World.git");
    assertThat(e.repository().owner().login()).isEqualTo("Codertocat");
    assertThat(e.repository().isPrivate()).isFalse();
    assertThat(e.sender().type()).isEqualTo("User");
    assertThat(e.installation()).isNull();
    assertThat(e.installationId()).isNull();
  }

  @Test
  void editedCommentKeepsThePreviousBody() {
    IssueCommentEvent e = typed("issue_comment/edited.json", IssueCommentEvent.class);
    assertThat(e.comment().id()).isEqualTo(492700400L);
    assertThat(e.comment().body()).isEqualTo("You are totally right! I'll get this fixed today.");
    assertThat(e.comment().authorAssociation()).isEqualTo("OWNER");
    assertThat(e.changes().bodyFrom()).isEqualTo("You are totally right! I'll get this fixed right away.");
  }

  @Test
  void commentWithInstallationCarriesItsId() {
    IssueCommentEvent e = typed("issue_comment/created.3.json", IssueCommentEvent.class);
    assertThat(e.installationId()).isEqualTo(1L);
  }

  @Test
  void pullRequestCarriesHeadBaseAndDraft() {
    PullRequestEvent e = typed("pull_request/opened.json", PullRequestEvent.class);
    assertThat(e.pullRequest().number()).isEqualTo(2);
    assertThat(e.pullRequest().head().ref()).isEqualTo("changes");
    assertThat(e.pullRequest().head().sha()).hasSize(40);
    assertThat(e.pullRequest().head().repoFullName()).isEqualTo("Codertocat/Hello-World");
    assertThat(e.pullRequest().base().ref()).isEqualTo("master");
    assertThat(e.pullRequest().isFromFork("Codertocat/Hello-World")).isFalse();
    assertThat(e.pullRequest().user().login()).isEqualTo("Codertocat");
  }

  @Test
  void reviewAndReviewCommentCarryWhatRepairsNeed() {
    PullRequestReviewEvent r = typed("pull_request_review/submitted.json", PullRequestReviewEvent.class);
    assertThat(r.review().id()).isEqualTo(237895671L);
    assertThat(r.review().state()).isEqualTo("commented");
    assertThat(r.pullRequest().number()).isEqualTo(2);

    PullRequestReviewCommentEvent c = typed("pull_request_review_comment/created.json", PullRequestReviewCommentEvent.class);
    assertThat(c.comment().path()).isEqualTo("README.md");
    assertThat(c.comment().line()).isEqualTo(265);
    assertThat(c.comment().originalLine()).isEqualTo(265);
    assertThat(c.comment().diffHunk()).isNotBlank();
    assertThat(c.comment().commitId()).hasSize(40);
    assertThat(c.comment().nodeId()).isNotBlank();
    assertThat(c.comment().inReplyToId()).isNull();

    PullRequestReviewCommentEvent edited = typed("pull_request_review_comment/edited.json", PullRequestReviewCommentEvent.class);
    assertThat(edited.changes().bodyFrom()).isEmpty();
  }

  @Test
  void checkEventsCarryShaConclusionAppAndPullRequests() {
    CheckRunEvent run = typed("check_run/completed.2.json", CheckRunEvent.class);
    assertThat(run.checkRun().conclusion()).isEqualTo("failure");
    assertThat(run.checkRun().app().slug()).isEqualTo("github-actions");
    assertThat(run.checkRun().checkSuite().id()).isEqualTo(118578147L);
    assertThat(run.checkRun().pullRequests()).singleElement().satisfies(pr -> {
      assertThat(pr.number()).isEqualTo(2);
      assertThat(pr.head().sha()).isEqualTo(run.checkRun().headSha());
      assertThat(pr.base().ref()).isEqualTo("master");
    });

    CheckSuiteEvent suite = typed("check_suite/completed.json", CheckSuiteEvent.class);
    assertThat(suite.checkSuite().headBranch()).isEqualTo("changes");
    assertThat(suite.checkSuite().pullRequests()).hasSize(1);

    WorkflowRunEvent wr = typed("workflow_run/completed.json", WorkflowRunEvent.class);
    assertThat(wr.workflowRun().id()).isEqualTo(289782451L);
    assertThat(wr.workflowRun().conclusion()).isEqualTo("success");
    assertThat(wr.workflowRun().pullRequests()).isEmpty();
  }

  @Test
  void installationEventsCarryAccountAndRepositories() {
    InstallationEvent created = typed("installation/created.json", InstallationEvent.class);
    assertThat(created.installationId()).isEqualTo(957387L);
    assertThat(created.installation().account().login()).isEqualTo("Codertocat");
    assertThat(created.repositories()).extracting(r -> r.fullName()).containsExactly("Codertocat/Hello-World");
    assertThat(created.repository()).isNull();

    InstallationRepositoriesEvent removed = typed("installation_repositories/removed.json", InstallationRepositoriesEvent.class);
    assertThat(removed.repositoriesRemoved()).extracting(r -> r.fullName()).containsExactly("octocat/Hello-World");
    assertThat(removed.repositoriesAdded()).isEmpty();

    PingEvent ping = typed("ping/default.2.json", PingEvent.class);
    assertThat(ping.hookId()).isEqualTo(109948940L);
    assertThat(ping.hook().appId()).isEqualTo(29310L);
    assertThat(ping.action()).isNull();
  }

  static Stream<Arguments> malformed() {
    String issue = new String(Fixtures.bytes("issues/labeled.json"), StandardCharsets.UTF_8);
    return Stream.of(
        Arguments.of("issues", "not json", "not a valid issues payload"),
        Arguments.of("issues", "", "not a valid issues payload"),
        Arguments.of("issues", "null", "JSON null"),
        Arguments.of("issues", "[1,2]", "not a valid issues payload"),
        Arguments.of("issues", "{\"action\":\"opened\"", "not a valid issues payload"),
        Arguments.of("issues", issue + "{}", "not a valid issues payload"),
        Arguments.of("issues", issue.replace("\"repository\":", "\"repo\":"), "without repository"),
        Arguments.of("issues", issue.replace("\"issue\":", "\"isue\":"), "without issue"),
        Arguments.of("issues", issue.replace("\"action\": \"labeled\"", "\"action\": null"), "without action"),
        Arguments.of("issues", issue.replace("\"repository\": {", "\"repository\": 7, \"x\": {"), "not a valid issues payload"),
        Arguments.of("installation", "{\"action\":\"created\",\"sender\":{\"login\":\"a\"}}", "without installation"),
        Arguments.of("push", "{\"ref\": ", "not JSON"),
        Arguments.of("push", "[]", "not a JSON object"),
        Arguments.of("push", "{} {}", "trailing content"));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("malformed")
  void rejectsWithAReason(String event, String body, String reason) {
    EventParser.Parsed parsed = parser.parse(event, body.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed).isInstanceOfSatisfying(EventParser.Malformed.class, m -> assertThat(m.reason()).contains(reason));
  }

  @Test
  void recordsAreImmutableSnapshots() {
    IssuesEvent e = typed("issues/labeled.json", IssuesEvent.class);
    List<?> labels = e.issue().labels();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> labels.clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void bodiesNoHandlerWantsAreOnlyCheckedToBeJson() {
    EventHandlers handlers = new EventHandlers().on(IssuesEvent.class, java.util.Set.of("labeled"), (e, d) -> {});
    byte[] labeled = Fixtures.bytes("issues/labeled.json");
    assertThat(parser.parse("issues", labeled, handlers::wants)).isInstanceOf(EventParser.Typed.class);
    assertThat(parser.parse("issues", Fixtures.bytes("issues/opened.json"), handlers::wants))
        .as("an action no handler wants")
        .isInstanceOf(EventParser.Untyped.class);
    assertThat(parser.parse("pull_request", Fixtures.bytes("pull_request/opened.json"), handlers::wants))
        .as("an event no handler wants")
        .isInstanceOf(EventParser.Untyped.class);
    assertThat(parser.parse("pull_request", "{\"action\":\"opened\"}".getBytes(StandardCharsets.UTF_8), handlers::wants))
        .as("incomplete, but nobody needs it")
        .isInstanceOf(EventParser.Untyped.class);
    assertThat(parser.parse("pull_request", "{\"action\":".getBytes(StandardCharsets.UTF_8), handlers::wants))
        .isInstanceOf(EventParser.Malformed.class);
    String noAction = new String(labeled, StandardCharsets.UTF_8).replace("\"action\": \"labeled\",", "");
    assertThat(parser.parse("issues", noAction.getBytes(StandardCharsets.UTF_8), handlers::wants))
        .as("a wanted event without its action")
        .isInstanceOfSatisfying(EventParser.Malformed.class, m -> assertThat(m.reason()).contains("without action"));
  }
}
