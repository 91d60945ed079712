package dev.acs.web;

import java.util.List;

/** What the task list template shows (see {@code tasks.jte}); {@code logoutPath} null where there is no logout. */
public record ListPage(
    String login,
    String csrf,
    String logoutPath,
    List<String> repositories,
    String repository,
    List<String> states,
    String state,
    List<Row> rows,
    String caption,
    String previousUrl,
    String nextUrl) {

  /** One task in the list. */
  public record Row(
      String id,
      String title,
      String repository,
      int issue,
      String issueUrl,
      String state,
      String stateClass,
      String trigger,
      String who,
      String createdAt,
      String age,
      String spend) {}
}
