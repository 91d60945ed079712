package dev.acs.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.github.RepoGitHub.ReviewCommentInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The review side of {@link HubRepoGitHub}: a review's comments, replies in their threads (REST),
 * and resolving a thread (GraphQL, which REST lacks), found by one of its comments.
 */
final class HubReviewThreads {
  private final GitHubHttp http;
  private final String fullName;
  private final String owner;
  private final String name;
  private final String repoPath;

  HubReviewThreads(GitHubHttp http, String owner, String name) {
    this.http = http;
    this.owner = owner;
    this.name = name;
    this.fullName = owner + "/" + name;
    this.repoPath = "/repos/" + fullName;
  }

  List<ReviewCommentInfo> reviewComments(int pullNumber, long reviewId) {
    List<ReviewCommentInfo> out = new ArrayList<>();
    for (JsonNode c : http.getAll(repoPath + "/pulls/" + pullNumber + "/reviews/" + reviewId + "/comments?per_page=100",
        page -> page, "list comments of review " + reviewId + " on #" + pullNumber + " in " + fullName)) {
      out.add(new ReviewCommentInfo(
          c.path("id").asLong(), GitHubHttp.textOrNull(c, "node_id"),
          GitHubHttp.textOrNull(c.path("user"), "login"), GitHubHttp.textOrNull(c.path("user"), "type"),
          c.path("body").asText(""), GitHubHttp.textOrNull(c, "path"),
          GitHubHttp.intOrNull(c, "line"), GitHubHttp.intOrNull(c, "original_line"),
          GitHubHttp.textOrNull(c, "diff_hunk"), GitHubHttp.textOrNull(c, "commit_id"),
          c.hasNonNull("in_reply_to_id") ? c.get("in_reply_to_id").asLong() : null));
    }
    return out;
  }

  long replyToReviewComment(int pullNumber, long commentId, String body) {
    JsonNode reply = http.send("POST", repoPath + "/pulls/" + pullNumber + "/comments/" + commentId + "/replies",
        Map.of("body", CommentMarker.fit(body)),
        "reply to review comment " + commentId + " on #" + pullNumber + " in " + fullName);
    return reply.path("id").asLong();
  }

  static final String THREADS_QUERY = """
      query($owner: String!, $name: String!, $number: Int!, $after: String) {
        repository(owner: $owner, name: $name) {
          pullRequest(number: $number) {
            reviewThreads(first: 50, after: $after) {
              pageInfo { hasNextPage endCursor }
              nodes { id isResolved comments(first: 100) { nodes { id fullDatabaseId } } }
            }
          }
        }
      }""";

  static final String RESOLVE_MUTATION = """
      mutation($threadId: ID!) {
        resolveReviewThread(input: {threadId: $threadId}) { thread { id isResolved } }
      }""";

  void resolveThreadOf(int pullNumber, long commentId) {
    String doing = "resolve the review thread of comment " + commentId + " on #" + pullNumber + " in " + fullName;
    String after = null;
    for (int page = 0; page < 20; page++) {
      Map<String, Object> vars = new LinkedHashMap<>();
      vars.put("owner", owner);
      vars.put("name", name);
      vars.put("number", pullNumber);
      vars.put("after", after);
      JsonNode threads = http.graphql(THREADS_QUERY, vars, doing).path("repository").path("pullRequest").path("reviewThreads");
      if (threads.isMissingNode() || threads.isNull()) {
        throw new GitHubException(404, doing + ": no such pull request", null);
      }
      for (JsonNode thread : threads.path("nodes")) {
        for (JsonNode c : thread.path("comments").path("nodes")) {
          // fullDatabaseId is the REST id (BigInt, sent as a string); databaseId overflows past 2^31.
          if (String.valueOf(commentId).equals(c.path("fullDatabaseId").asText())) {
            if (!thread.path("isResolved").asBoolean()) {
              http.graphql(RESOLVE_MUTATION, Map.of("threadId", thread.path("id").asText()), doing);
            }
            return;
          }
        }
      }
      if (!threads.path("pageInfo").path("hasNextPage").asBoolean()) {
        break;
      }
      after = threads.path("pageInfo").path("endCursor").asText();
    }
    throw new GitHubException(404, doing + ": no review thread holds that comment", null);
  }
}
