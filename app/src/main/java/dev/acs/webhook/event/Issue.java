package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** An issue; pull requests are issues too, marked by {@link #pullRequest()}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Issue(
    long id,
    int number,
    String title,
    String body,
    String state,
    List<Label> labels,
    PullRequestMarker pullRequest,
    User user,
    String htmlUrl) {

  public Issue {
    labels = labels == null ? List.of() : List.copyOf(labels);
  }

  /** Comments on pull requests arrive as issue_comment events whose issue has this marker. */
  public boolean isPullRequest() {
    return pullRequest != null;
  }

  public boolean hasLabel(String name) {
    return labels.stream().anyMatch(l -> name.equalsIgnoreCase(l.name()));
  }

  @JsonIgnoreProperties(ignoreUnknown = true)

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record PullRequestMarker(String url, String htmlUrl) {}
}
