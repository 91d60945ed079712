package dev.acs.cli;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.acs.testing.GitHttpServer;
import dev.acs.testing.SampleRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The parts around a one-shot command ({@code acs action}, {@code acs receive}): a JGit HTTP
 * server holding {@link FixtureGitHub#REPO} with a greeter on {@code main}, which takes {@code
 * token}; GitHub as WireMock answering the issue-to-pull-request calls ({@link
 * FixtureGitHub#stubIssueToPullRequest}); a replay model scripted with {@link #SCRIPT}.
 */
final class OneShotRig implements AutoCloseable {
  static final String GREETER = "src/main/java/demo/Greeter.java";

  /** Plans, puts a comma in the greeting, finishes. */
  static final String SCRIPT = """
      {"entries": [
        {"type": "assistant", "tool_calls": [{"name": "submit_plan", "arguments": {
          "summary": "Greet politely", "steps": ["Change the greeting"], "files": ["src/main/java/demo/Greeter.java"],
          "risks": ["Callers may compare the text"], "verification": "the test command"}}]},
        {"type": "assistant", "tool_calls": [{"name": "edit_file", "arguments": {
          "path": "src/main/java/demo/Greeter.java", "search": "return \\"Hello \\" + name;", "replace": "return \\"Hello, \\" + name + \\"!\\";"}}]},
        {"type": "assistant", "tool_calls": [{"name": "finish", "arguments": {"summary": "greet() now says Hello, NAME!"}}]}
      ]}
      """;

  final Path tmp;
  final String token;
  final WireMockExtension github;
  final GitHttpServer git;

  OneShotRig(Path tmp, String token, WireMockExtension github) throws Exception {
    this.tmp = tmp;
    this.token = token;
    this.github = github;
    git = GitHttpServer.start(tmp.resolve("git"), token);
    SampleRepository.seed(git, FixtureGitHub.REPO, token, tmp, Map.of(
        GREETER, "package demo;\n\npublic class Greeter {\n  public String greet(String name) {\n    return \"Hello \" + name;\n  }\n}\n"));
    FixtureGitHub.stubIssueToPullRequest(github);
  }

  /** What every run is given: the token, GitHub's API, the scripted model (a mutable map, for more). */
  Map<String, String> env() {
    Path script = tmp.resolve("script.json");
    try {
      Files.writeString(script, SCRIPT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> env = new HashMap<>();
    env.put("GITHUB_TOKEN", token);
    env.put("GITHUB_API_URL", github.baseUrl());
    env.put("ACS_MODEL", "replay:" + script);
    return env;
  }

  /** Where the command clones from and pushes to (GitHub's web address, for git). */
  String gitUrl() {
    return "http://127.0.0.1:" + git.port();
  }

  @Override
  public void close() throws Exception {
    git.close();
  }
}
