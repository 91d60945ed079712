package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** A check run; {@code pullRequests} lists only pull requests of the same repository. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CheckRun(
    long id,
    String name,
    String headSha,
    String status,
    String conclusion,
    String htmlUrl,
    String detailsUrl,
    App app,
    SuiteRef checkSuite,
    Output output,
    List<PullRequestRef> pullRequests) {

  public CheckRun {
    pullRequests = pullRequests == null ? List.of() : List.copyOf(pullRequests);
  }

  @JsonIgnoreProperties(ignoreUnknown = true)

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record SuiteRef(long id, String headBranch, String headSha) {}

  @JsonIgnoreProperties(ignoreUnknown = true)

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Output(String title, String summary, String text, int annotationsCount) {}
}
