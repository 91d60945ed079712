package dev.acs.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceGraphTest {
  /** An HTTP client whose retry lives in a file that shares no words with the issue but is used by the one it names. */
  static final List<SourceFile> CLIENT = List.of(
      new SourceFile("src/client/HttpClient.java",
          "class HttpClient { Response send(Request r) { return RetryPolicy.execute(() -> transport.call(r)); } }"),
      new SourceFile("src/client/RetryPolicy.java",
          "final class RetryPolicy { static Response execute(Call c) { for (int i = 0; i < 3; i++) { c.run(); } return null; } }"),
      new SourceFile("src/client/Request.java", "class Request { String url; }"),
      new SourceFile("src/client/Response.java", "class Response { int status; }"),
      new SourceFile("src/server/Router.java", "class Router { void route(String path) { } }"),
      new SourceFile("src/server/Handler.java", "class Handler { void handle(Router router) { router.route(\"/\"); } }"),
      new SourceFile("src/test/client/HttpClientTest.java", "class HttpClientTest { void sends() { new HttpClient().send(new Request()); } }"));

  @Test
  void aFileLinksToTheFilesDeclaringTheNamesItUses() {
    ReferenceGraph g = RepoScan.of(CLIENT).graph();
    assertThat(g.uses("src/client/HttpClient.java"))
        .containsExactlyInAnyOrder("src/client/RetryPolicy.java", "src/client/Request.java", "src/client/Response.java");
    assertThat(g.uses("src/server/Handler.java")).containsExactly("src/server/Router.java");
    // A test declares nothing product code uses: no edge leads into it.
    assertThat(g.uses("src/client/HttpClient.java")).doesNotContain("src/test/client/HttpClientTest.java");
  }

  @Test
  void aNameDeclaredInManyFilesLinksNothing() {
    List<SourceFile> files = new java.util.ArrayList<>();
    for (int i = 0; i <= ReferenceGraph.MAX_DECLARERS; i++) {
      files.add(new SourceFile("src/Plugin" + i + ".py", "def register(app):\n    pass\n"));
    }
    files.add(new SourceFile("src/app.py", "for p in plugins:\n    p.register(app)\n"));
    assertThat(RepoScan.of(files).graph().uses("src/app.py")).isEmpty();
  }

  @Test
  void theWalkFromASeedReachesItsNeighboursAndNotTheRest() {
    ReferenceGraph g = RepoScan.of(CLIENT).graph();
    Map<String, Double> rank = g.personalisedPageRank(Map.of("src/client/HttpClient.java", 1.0), 0.85, 30);
    assertThat(rank.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(rank.get("src/client/RetryPolicy.java")).isGreaterThan(0.05);
    assertThat(rank).doesNotContainKeys("src/server/Router.java", "src/server/Handler.java");
  }

  @Test
  void withoutSeedsTheWalkRanksNothing() {
    assertThat(RepoScan.of(CLIENT).graph().personalisedPageRank(Map.of("not/there.java", 1.0), 0.85, 10)).isEmpty();
  }

  @Test
  void theGraphRaisesTheFileTheMentionedClassDependsOn() {
    String title = "HttpClient gives up after a failed send";
    String body = "A call to HttpClient.send() fails on the first timeout; it should try again as documented.";
    RepoScan scan = RepoScan.of(CLIENT);
    Map<String, Double> with = scores(FileRanking.rank(scan, title, body, FileRanking.Options.WITH_GRAPH));
    Map<String, Double> without = scores(FileRanking.rank(scan, title, body, FileRanking.Options.WITHOUT_GRAPH));
    assertThat(FileRanking.rankPaths(scan, title, body, FileRanking.Options.WITH_GRAPH).get(0)).isEqualTo("src/client/HttpClient.java");
    assertThat(with.get("src/client/RetryPolicy.java")).isGreaterThan(without.get("src/client/RetryPolicy.java"));
    assertThat(with.get("src/client/RetryPolicy.java")).isGreaterThan(with.get("src/server/Router.java"));
    assertThat(with.get("src/server/Router.java")).isEqualTo(without.get("src/server/Router.java"));
  }

  private static Map<String, Double> scores(List<FileRanking.Scored> ranked) {
    Map<String, Double> out = new java.util.HashMap<>();
    ranked.forEach(r -> out.put(r.path(), r.score()));
    return out;
  }
}
