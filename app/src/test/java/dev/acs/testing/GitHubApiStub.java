package dev.acs.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.acs.config.Json;
import io.jsonwebtoken.Jwts;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WireMock standing in for api.github.com for whole flows: it keeps state (comments posted and
 * edited, pull requests, check runs, reactions), so that "edit the earlier comment instead of
 * posting another" or "find the open pull request of a branch" behave as on GitHub. Every body is
 * one of GitHub's documented examples from {@code ../shared/fixtures/github-api/} (see {@link
 * GitHubFixtures}) with only the fields a scenario needs changed, in code, here: ids, numbers,
 * names, bodies, states, refs, and the URLs that point at the API (so clients that follow them
 * reach this server). Error bodies are SYNTHETIC (GitHub documents no example for them, only the
 * {@code basic-error} schema they fill; see {@link GitHubFixtures#basicError}).
 *
 * <p>Only the routes listed in {@link #ROUTES} exist; any other request is unmatched and fails the
 * test in {@link #close()}. Authentication is checked like GitHub does: {@code /app} routes need
 * the App's JWT (verified with the App's public key when one is given), everything else the
 * installation token this stub minted (or one given to {@link #acceptToken}); otherwise 401.
 *
 * <pre>{@code
 * try (GitHubApiStub gh = GitHubApiStub.start()) {
 *   gh.app(42, keyPair.getPublic()).installation(7, "octo");
 *   GitHubApiStub.Repo repo = gh.repository("octo/greeter", "main").permission("alice", "write");
 *   repo.issue(12, "Greet politely", "Add a comma", "alice", "autocode");
 *   // ... run ACS with GITHUB_API_URL = gh.baseUrl() ...
 *   assertThat(repo.comments(12)).singleElement()...;
 * }
 * }</pre>
 */
public final class GitHubApiStub implements AutoCloseable {
  /** The installation token of GitHub's documented example: a published example, not a secret. */
  public static final String INSTALLATION_TOKEN = SharedFolder.has("fixtures/github-api")
      ? GitHubFixtures.json(GitHubFixtures.TOKEN).path("token").asText() : "ghs_noSharedFixturesTestsUsingThemAreSkipped";

  private static final String TRANSFORMER = "acs-github-api-state";
  private static final String ROUTE = "route";
  private static final String REPO = "/repos/([^/]+)/([^/]+)";

  /** Every route this stub answers: name, method, path pattern. */
  static final List<Route> ROUTES = List.of(
      new Route("app", "GET", "/app"),
      new Route("installation", "GET", "/app/installations/([0-9]+)"),
      new Route("token", "POST", "/app/installations/([0-9]+)/access_tokens"),
      new Route("user", "GET", "/user"),
      new Route("repository", "GET", REPO),
      new Route("permission", "GET", REPO + "/collaborators/([^/]+)/permission"),
      new Route("contents", "GET", REPO + "/contents/(.+)"),
      new Route("issue", "GET", REPO + "/issues/([0-9]+)"),
      new Route("listIssues", "GET", REPO + "/issues"),
      new Route("createIssue", "POST", REPO + "/issues"),
      new Route("editIssue", "PATCH", REPO + "/issues/([0-9]+)"),
      new Route("listComments", "GET", REPO + "/issues/([0-9]+)/comments"),
      new Route("createComment", "POST", REPO + "/issues/([0-9]+)/comments"),
      new Route("getComment", "GET", REPO + "/issues/comments/([0-9]+)"),
      new Route("editComment", "PATCH", REPO + "/issues/comments/([0-9]+)"),
      new Route("issueCommentReaction", "POST", REPO + "/issues/comments/([0-9]+)/reactions"),
      new Route("reviewCommentReaction", "POST", REPO + "/pulls/comments/([0-9]+)/reactions"),
      new Route("listPulls", "GET", REPO + "/pulls"),
      new Route("createPull", "POST", REPO + "/pulls"),
      new Route("getPull", "GET", REPO + "/pulls/([0-9]+)"),
      new Route("editPull", "PATCH", REPO + "/pulls/([0-9]+)"),
      new Route("createCheckRun", "POST", REPO + "/check-runs"),
      new Route("updateCheckRun", "PATCH", REPO + "/check-runs/([0-9]+)"),
      new Route("checkRunsForRef", "GET", REPO + "/commits/([^/]+)/check-runs"),
      new Route("graphql", "POST", "/graphql"));

  record Route(String name, String method, String path) {
    Pattern pattern() {
      return Pattern.compile(path);
    }
  }

  private final WireMockServer server;
  private final Map<String, Repo> repos = new ConcurrentHashMap<>();
  private final Map<Long, String> installations = new ConcurrentHashMap<>();
  private final Set<String> acceptedTokens = ConcurrentHashMap.newKeySet();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong(1000);
  private final AtomicLong tokensMinted = new AtomicLong();
  private volatile long appId = 1;
  private volatile PublicKey appKey;

  private GitHubApiStub() {
    server = new WireMockServer(options().dynamicPort().extensions(new State()));
    server.start();
    for (Route r : ROUTES) {
      server.stubFor(request(r.method(), urlPathMatching(r.path()))
          .willReturn(aResponse().withTransformers(TRANSFORMER).withTransformerParameter(ROUTE, r.name())));
    }
  }

  /** A stub on a random port with no repositories yet; the App has id 1 until {@link #app} says otherwise. */
  public static GitHubApiStub start() {
    return new GitHubApiStub();
  }

  /** What {@code GITHUB_API_URL} should be. */
  public String baseUrl() {
    return server.baseUrl();
  }

  /** The WireMock server, for extra stubs or request verification. */
  public WireMockServer wireMock() {
    return server;
  }

  /**
   * From now on, the answer to a request of route {@code routeName} (see {@link #ROUTES}) whose
   * body contains {@code bodyContains} takes effect as usual but reaches the client only after
   * {@code delay}: a client killed meanwhile did the side effect without learning it. For
   * fault-injection tests; {@link #removeHold} ends it. Returns the hold's id.
   */
  public java.util.UUID holdAnswers(String routeName, String bodyContains, java.time.Duration delay) {
    Route r = ROUTES.stream().filter(x -> x.name().equals(routeName)).findFirst().orElseThrow();
    var mapping = request(r.method(), urlPathMatching(r.path())).atPriority(1);
    if (!bodyContains.isEmpty()) {
      mapping = mapping.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(bodyContains));
    }
    return server.stubFor(mapping.willReturn(aResponse().withFixedDelay((int) delay.toMillis())
        .withTransformers(TRANSFORMER).withTransformerParameter(ROUTE, r.name()))).getId();
  }

  public void removeHold(java.util.UUID id) {
    server.removeStubMapping(server.getStubMapping(id).getItem());
  }

  /** The App: its id (the JWT's issuer) and public key; JWTs are verified with it. */
  public GitHubApiStub app(long id, PublicKey publicKey) {
    this.appId = id;
    this.appKey = publicKey;
    return this;
  }

  /** {@code <slug>[bot]} of the documented App example ({@code octoapp[bot]}): who ACS comments as. */
  public String botLogin() {
    return GitHubFixtures.json(GitHubFixtures.APP).path("slug").asText() + "[bot]";
  }

  /** An installation of the App on {@code account}'s repositories. */
  public GitHubApiStub installation(long id, String account) {
    installations.put(id, account);
    return this;
  }

  /** A token that may call the repository routes without an App (an Action's GITHUB_TOKEN). */
  public GitHubApiStub acceptToken(String token) {
    acceptedTokens.add(token);
    return this;
  }

  /** How many installation tokens were minted. */
  public long tokensMinted() {
    return tokensMinted.get();
  }

  /** Adds (or returns) a repository; further settings on the returned handle. */
  public Repo repository(String fullName, String defaultBranch) {
    return repos.computeIfAbsent(fullName.toLowerCase(Locale.ROOT), k -> new Repo(fullName, defaultBranch));
  }

  /** Every request served, as {@code METHOD /path?query}, oldest first. */
  public List<String> requests() {
    List<String> out = new ArrayList<>();
    for (ServeEvent e : server.getAllServeEvents()) {
      out.add(0, e.getRequest().getMethod() + " " + e.getRequest().getUrl());
    }
    return out;
  }

  /** Fails with every request no route took and every request a route could not make sense of. */
  public void verifyAllHandled() {
    List<LoggedRequest> unmatched = server.findAllUnmatchedRequests();
    if (unmatched.isEmpty() && problems.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder("the GitHub API stub got requests it does not serve:");
    for (LoggedRequest r : unmatched) {
      sb.append("\n  unmatched: ").append(r.getMethod()).append(' ').append(r.getUrl());
    }
    for (String p : problems) {
      sb.append("\n  ").append(p);
    }
    throw new AssertionError(sb.toString());
  }

  /** Stops the server, then fails if any request was not served (see {@link #verifyAllHandled}). */
  @Override
  public void close() {
    try {
      verifyAllHandled();
    } finally {
      server.stop();
    }
  }

  /** A comment as it stands now; {@code edits} counts PATCHes since it was posted. */
  public record Comment(long id, int issue, String author, String body, int edits) {}

  /** An issue: {@code edits} counts the body edits made through the API. */
  public record Issue(int number, String title, String body, String author, int edits) {}

  public record PullRequest(
      int number, String nodeId, String title, String head, String base, String body, boolean draft, String state, String headSha) {}

  /** A check run as it stands now; {@code statuses} is every status it was given, in order. */
  public record CheckRun(
      long id, String name, String headSha, String status, String conclusion, String title, String summary, String text,
      List<JsonNode> annotations, List<String> statuses) {}

  /** {@code subject} is {@code issue_comment} or {@code review_comment}. */
  public record Reaction(String subject, long commentId, String content) {}

  /** One repository's state. Settings return this, for chaining. */
  public final class Repo {
    private final String fullName;
    private final String owner;
    private final String name;
    private final String defaultBranch;
    private volatile boolean isPrivate;
    private final Map<String, String> permissions = new ConcurrentHashMap<>();
    private final Map<String, String> files = new ConcurrentHashMap<>();
    private final Map<Integer, IssueState> issues = new ConcurrentHashMap<>();
    private final List<CommentState> comments = new ArrayList<>();
    private final List<PullState> pulls = new ArrayList<>();
    private final Map<Long, CheckRunState> checkRuns = new LinkedHashMap<>();
    private final List<Reaction> reactions = new CopyOnWriteArrayList<>();
    private volatile Function<String, Optional<String>> branchHeads = b -> Optional.empty();

    private Repo(String fullName, String defaultBranch) {
      this.fullName = fullName;
      this.owner = fullName.substring(0, fullName.indexOf('/'));
      this.name = fullName.substring(fullName.indexOf('/') + 1);
      this.defaultBranch = defaultBranch;
    }

    public String fullName() {
      return fullName;
    }

    public Repo privateRepository(boolean value) {
      isPrivate = value;
      return this;
    }

    /** GitHub's permission for {@code login}: admin, maintain, write, triage or read; others get 404. */
    public Repo permission(String login, String permission) {
      permissions.put(login.toLowerCase(Locale.ROOT), permission);
      return this;
    }

    /** A file on the default branch (the contents API answers 404 for any other path or ref). */
    public Repo file(String path, String text) {
      files.put(path, text);
      return this;
    }

    /**
     * Where pull requests' {@code head.sha} comes from: the branch's tip on the git server the test
     * runs, so that it matches what was pushed. Without it the documented example's SHA is kept.
     */
    public Repo branchHeads(Function<String, Optional<String>> heads) {
      this.branchHeads = heads;
      return this;
    }

    public synchronized Repo issue(int number, String title, String body, String author, String... labels) {
      issues.put(number, new IssueState(number, title, body, author, List.of(labels)));
      return this;
    }

    /** A person's comment on an issue or pull request (e.g. an {@code /acs} command); returns its id. */
    public synchronized long comment(int issue, String author, String body) {
      CommentState c = new CommentState(ids.incrementAndGet(), issue, author, body);
      comments.add(c);
      return c.id;
    }

    /** An issue as it stands now (ACS may have opened or edited it). */
    public synchronized Optional<Issue> currentIssue(int number) {
      return Optional.ofNullable(issues.get(number)).map(i -> new Issue(i.number, i.title, i.body, i.author, i.edits));
    }

    /** Issues whose author is {@code login}, in number order. */
    public synchronized List<Issue> issuesBy(String login) {
      return issues.values().stream().filter(i -> i.author.equalsIgnoreCase(login)).sorted((a, b) -> Integer.compare(a.number, b.number))
          .map(i -> new Issue(i.number, i.title, i.body, i.author, i.edits)).toList();
    }

    /** A person edits an issue's body (e.g. ticks a box), as GitHub stores it. */
    public synchronized void editIssueBody(int number, String body) {
      issues.get(number).body = body;
    }

    public synchronized List<Comment> comments(int issue) {
      return comments.stream().filter(c -> c.issue == issue)
          .map(c -> new Comment(c.id, c.issue, c.author, c.body, c.edits)).toList();
    }

    public synchronized List<PullRequest> pullRequests() {
      return pulls.stream().map(PullState::snapshot).toList();
    }

    public synchronized List<CheckRun> checkRuns() {
      return checkRuns.values().stream().map(CheckRunState::snapshot).toList();
    }

    public synchronized Optional<CheckRun> checkRun(long id) {
      return Optional.ofNullable(checkRuns.get(id)).map(CheckRunState::snapshot);
    }

    public List<Reaction> reactions() {
      return List.copyOf(reactions);
    }

    private int nextNumber() {
      int max = 0;
      for (int n : issues.keySet()) {
        max = Math.max(max, n);
      }
      for (PullState p : pulls) {
        max = Math.max(max, p.number);
      }
      return max + 1; // issues and pull requests share one sequence, as on GitHub
    }

    private String api(String tail) {
      return baseUrl() + "/repos/" + fullName + tail;
    }
  }

  private static final class IssueState {
    final int number;
    final String title;
    String body;
    final String author;
    final List<String> labels;
    int edits;

    IssueState(int number, String title, String body, String author, List<String> labels) {
      this.number = number;
      this.title = title;
      this.body = body;
      this.author = author;
      this.labels = labels;
    }
  }

  private static final class CommentState {
    final long id;
    final int issue;
    final String author;
    String body;
    int edits;

    CommentState(long id, int issue, String author, String body) {
      this.id = id;
      this.issue = issue;
      this.author = author;
      this.body = body;
    }
  }

  private static final class PullState {
    final int number;
    final long id;
    final String title;
    final String head;
    final String base;
    String body;
    boolean draft;
    String state = "open";
    String headSha;

    PullState(int number, long id, String title, String head, String base, String body, boolean draft) {
      this.number = number;
      this.id = id;
      this.title = title;
      this.head = head;
      this.base = base;
      this.body = body;
      this.draft = draft;
    }

    String nodeId() {
      return "PR_kwDOstub" + id;
    }

    PullRequest snapshot() {
      return new PullRequest(number, nodeId(), title, head, base, body, draft, state, headSha);
    }
  }

  private static final class CheckRunState {
    final long id;
    final String name;
    final String headSha;
    String status;
    String conclusion;
    String title;
    String summary;
    String text;
    final List<JsonNode> annotations = new ArrayList<>();
    final List<String> statuses = new ArrayList<>();

    CheckRunState(long id, String name, String headSha) {
      this.id = id;
      this.name = name;
      this.headSha = headSha;
    }

    CheckRun snapshot() {
      return new CheckRun(id, name, headSha, status, conclusion, title, summary, text, List.copyOf(annotations), List.copyOf(statuses));
    }
  }

  // ---- serving --------------------------------------------------------------------------------

  /** A response: status and body (a JSON tree, or null for none), plus headers. */
  private record Answer(int status, JsonNode body, Map<String, String> headers) {
    static Answer of(int status, JsonNode body) {
      return new Answer(status, body, Map.of());
    }

    /** SYNTHETIC: GitHub's basic-error schema filled in (GitHub documents no example body). */
    static Answer error(int status, String message) {
      return of(status, GitHubFixtures.basicError(status, message));
    }
  }

  private final class State implements ResponseDefinitionTransformerV2 {
    @Override
    public String getName() {
      return TRANSFORMER;
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      String routeName = event.getTransformerParameters().getString(ROUTE);
      LoggedRequest req = event.getRequest();
      Answer answer;
      try {
        answer = serve(routeName, req);
      } catch (RuntimeException e) {
        problems.add(req.getMethod() + " " + req.getUrl() + ": the stub failed: " + e);
        answer = Answer.error(500, "the GitHub API stub failed: " + e.getMessage());
      }
      ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition().withStatus(answer.status());
      answer.headers().forEach(b::withHeader);
      if (answer.body() != null) {
        b.withHeader("Content-Type", "application/json; charset=utf-8");
        // The documented bodies point at api.github.com; a client that follows a URL must reach us.
        b.withBody(answer.body().toString().replace("https://api.github.com", baseUrl()));
      }
      return b.build();
    }
  }

  private Answer serve(String routeName, LoggedRequest req) {
    Route route = ROUTES.stream().filter(r -> r.name().equals(routeName)).findFirst().orElseThrow();
    String path = req.getUrl();
    int q = path.indexOf('?');
    String query = q < 0 ? "" : path.substring(q + 1);
    path = q < 0 ? path : path.substring(0, q);
    Matcher m = route.pattern().matcher(path);
    if (!m.matches()) {
      throw new IllegalStateException("route " + routeName + " does not match " + path);
    }
    String auth = req.getHeader("Authorization");
    if (routeName.equals("app") || routeName.equals("installation") || routeName.equals("token")) {
      if (!validJwt(auth)) {
        return Answer.error(401, "A JSON web token could not be decoded");
      }
      return switch (routeName) {
        case "app" -> app();
        case "installation" -> installation(Long.parseLong(m.group(1)));
        default -> mintToken(Long.parseLong(m.group(1)));
      };
    }
    if (!validToken(auth)) {
      return Answer.error(401, "Bad credentials");
    }
    if (routeName.equals("user")) {
      // What GitHub answers an installation token (such as an Action's GITHUB_TOKEN) here.
      return Answer.error(403, "Resource not accessible by integration");
    }
    if (routeName.equals("graphql")) {
      return graphql(body(req));
    }
    Repo repo = repos.get((m.group(1) + "/" + m.group(2)).toLowerCase(Locale.ROOT));
    if (repo == null) {
      return Answer.error(404, "Not Found");
    }
    synchronized (repo) {
      return switch (routeName) {
        case "repository" -> Answer.of(200, repositoryJson(repo));
        case "permission" -> permission(repo, decode(m.group(3)));
        case "contents" -> contents(repo, decode(m.group(3)), queryParam(query, "ref").orElse(repo.defaultBranch));
        case "issue" -> issue(repo, Integer.parseInt(m.group(3)));
        case "listIssues" -> listIssues(repo, query);
        case "createIssue" -> createIssue(repo, body(req));
        case "editIssue" -> editIssue(repo, Integer.parseInt(m.group(3)), body(req));
        case "listComments" -> listComments(repo, Integer.parseInt(m.group(3)));
        case "createComment" -> createComment(repo, Integer.parseInt(m.group(3)), body(req));
        case "getComment" -> getComment(repo, Long.parseLong(m.group(3)));
        case "editComment" -> editComment(repo, Long.parseLong(m.group(3)), body(req));
        case "issueCommentReaction" -> react(repo, "issue_comment", Long.parseLong(m.group(3)), body(req));
        case "reviewCommentReaction" -> react(repo, "review_comment", Long.parseLong(m.group(3)), body(req));
        case "listPulls" -> listPulls(repo, query);
        case "createPull" -> createPull(repo, body(req));
        case "getPull" -> getPull(repo, Integer.parseInt(m.group(3)));
        case "editPull" -> editPull(repo, Integer.parseInt(m.group(3)), body(req));
        case "createCheckRun" -> createCheckRun(repo, body(req));
        case "updateCheckRun" -> updateCheckRun(repo, Long.parseLong(m.group(3)), body(req));
        case "checkRunsForRef" -> checkRunsForRef(repo, decode(m.group(3)));
        default -> throw new IllegalStateException("no handler for route " + routeName);
      };
    }
  }

  private boolean validJwt(String auth) {
    if (auth == null || !auth.startsWith("Bearer ")) {
      return false;
    }
    PublicKey key = appKey;
    if (key == null) {
      return true;
    }
    try {
      String issuer = Jwts.parser().verifyWith(key).build().parseSignedClaims(auth.substring(7)).getPayload().getIssuer();
      return String.valueOf(appId).equals(issuer);
    } catch (RuntimeException e) {
      return false; // GitHub's answer to a JWT signed with another key or expired: 401
    }
  }

  private boolean validToken(String auth) {
    if (auth == null) {
      return false;
    }
    String token = auth.startsWith("token ") ? auth.substring(6) : auth.startsWith("Bearer ") ? auth.substring(7) : "";
    return acceptedTokens.contains(token);
  }

  private Answer app() {
    ObjectNode app = GitHubFixtures.object(GitHubFixtures.APP);
    app.put("id", appId);
    return Answer.of(200, app);
  }

  private Answer installation(long id) {
    String account = installations.get(id);
    if (account == null) {
      return Answer.error(404, "Not Found");
    }
    ObjectNode inst = (ObjectNode) GitHubFixtures.json(GitHubFixtures.INSTALLATIONS).get(0).deepCopy();
    inst.put("id", id).put("app_id", appId);
    ((ObjectNode) inst.get("account")).put("login", account);
    inst.put("access_tokens_url", "https://api.github.com/app/installations/" + id + "/access_tokens");
    return Answer.of(200, inst);
  }

  private Answer mintToken(long id) {
    if (!installations.containsKey(id)) {
      return Answer.error(404, "Not Found");
    }
    ObjectNode token = GitHubFixtures.object(GitHubFixtures.TOKEN);
    // The documented example expired in 2016; a token must outlive the scenario.
    token.put("expires_at", Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
    acceptedTokens.add(token.path("token").asText());
    tokensMinted.incrementAndGet();
    return Answer.of(201, token);
  }

  private ObjectNode repositoryJson(Repo repo) {
    ObjectNode r = GitHubFixtures.object(GitHubFixtures.REPO);
    r.put("name", repo.name).put("full_name", repo.fullName).put("default_branch", repo.defaultBranch)
        .put("private", repo.isPrivate).put("fork", false)
        .put("url", repo.api("")).put("html_url", "https://github.com/" + repo.fullName)
        .put("clone_url", "https://github.com/" + repo.fullName + ".git");
    ((ObjectNode) r.get("owner")).put("login", repo.owner);
    return r;
  }

  private Answer permission(Repo repo, String login) {
    String permission = repo.permissions.get(login.toLowerCase(Locale.ROOT));
    if (permission == null) {
      return Answer.error(404, "Not Found"); // not a collaborator
    }
    ObjectNode p = GitHubFixtures.object(GitHubFixtures.PERMISSION);
    p.put("permission", permission).put("role_name", permission);
    ((ObjectNode) p.get("user")).put("login", login);
    return Answer.of(200, p);
  }

  private Answer contents(Repo repo, String path, String ref) {
    String text = repo.files.get(path);
    if (text == null || !ref.equals(repo.defaultBranch)) {
      return Answer.error(404, "Not Found");
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ObjectNode c = GitHubFixtures.object(GitHubFixtures.CONTENT_FILE);
    String name = path.substring(path.lastIndexOf('/') + 1);
    // GitHub wraps the base64 at 60 characters.
    String base64 = Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes) + "\n";
    c.put("name", name).put("path", path).put("size", bytes.length).put("content", base64).put("sha", blobSha(bytes))
        .put("url", repo.api("/contents/" + path + "?ref=" + ref));
    return Answer.of(200, c);
  }

  private Answer issue(Repo repo, int number) {
    IssueState issue = repo.issues.get(number);
    if (issue == null) {
      return pullAsIssue(repo, number);
    }
    return Answer.of(200, issueJson(repo, issue));
  }

  /** GET /issues?creator=&state=: the repository's issues (and pull requests, as GitHub lists them), newest first. */
  private Answer listIssues(Repo repo, String query) {
    String creator = queryParam(query, "creator").map(GitHubApiStub::decode).orElse(null);
    String state = queryParam(query, "state").orElse("open");
    ArrayNode list = Json.MAPPER.createArrayNode();
    repo.issues.values().stream().sorted((a, b) -> Integer.compare(b.number, a.number))
        .filter(i -> creator == null || creator.equalsIgnoreCase(i.author))
        .filter(i -> !"closed".equals(state))
        .forEach(i -> list.add(issueJson(repo, i)));
    return Answer.of(200, list);
  }

  private Answer createIssue(Repo repo, JsonNode body) {
    String title = body.path("title").asText(null);
    if (title == null || title.isBlank()) {
      return Answer.error(422, "Invalid request. \"title\" wasn't supplied.");
    }
    IssueState issue = new IssueState(repo.nextNumber(), title, body.path("body").asText(null), botLogin(), List.of());
    repo.issues.put(issue.number, issue);
    return new Answer(201, issueJson(repo, issue), Map.of("Location", repo.api("/issues/" + issue.number)));
  }

  private Answer editIssue(Repo repo, int number, JsonNode body) {
    IssueState issue = repo.issues.get(number);
    if (issue == null) {
      return Answer.error(404, "Not Found");
    }
    if (body.has("body")) {
      issue.body = body.path("body").asText(null);
      issue.edits++;
    }
    return Answer.of(200, issueJson(repo, issue));
  }

  private ObjectNode issueJson(Repo repo, IssueState issue) {
    int number = issue.number;
    ObjectNode i = GitHubFixtures.object(GitHubFixtures.ISSUE);
    i.put("number", number).put("id", 500_000L + number).put("title", issue.title).put("body", issue.body)
        .put("state", "open").put("locked", false).putNull("active_lock_reason").putNull("state_reason")
        .put("url", repo.api("/issues/" + number)).put("repository_url", repo.api(""))
        .put("comments_url", repo.api("/issues/" + number + "/comments"))
        .put("html_url", "https://github.com/" + repo.fullName + "/issues/" + number)
        .put("comments", (int) repo.comments.stream().filter(c -> c.issue == number).count());
    i.remove("pull_request"); // the documented example is a pull request's issue; this one is a plain issue
    ((ObjectNode) i.get("user")).put("login", issue.author).put("type", "User");
    ArrayNode labels = Json.MAPPER.createArrayNode();
    JsonNode template = GitHubFixtures.json(GitHubFixtures.ISSUE).path("labels").get(0);
    for (String label : issue.labels) {
      labels.add(((ObjectNode) template.deepCopy()).put("name", label).put("id", Math.abs((long) label.hashCode())));
    }
    i.set("labels", labels);
    if (issue.author.endsWith("[bot]")) {
      ((ObjectNode) i.get("user")).put("type", "Bot");
    }
    return i;
  }

  /**
   * A pull request read through the issues API, as GitHub allows (they share numbers): the
   * documented example keeps its {@code pull_request} link, pointed at this pull request.
   */
  private Answer pullAsIssue(Repo repo, int number) {
    PullState pull;
    synchronized (repo) {
      pull = repo.pulls.stream().filter(p -> p.number == number).findFirst().orElse(null);
    }
    if (pull == null) {
      return Answer.error(404, "Not Found");
    }
    ObjectNode i = GitHubFixtures.object(GitHubFixtures.ISSUE);
    i.put("number", number).put("id", 500_000L + number).put("title", pull.title).put("body", pull.body)
        .put("state", pull.state).put("locked", false).putNull("active_lock_reason").putNull("state_reason")
        .put("url", repo.api("/issues/" + number)).put("repository_url", repo.api(""))
        .put("comments_url", repo.api("/issues/" + number + "/comments"))
        .put("html_url", "https://github.com/" + repo.fullName + "/pull/" + number)
        .put("comments", (int) repo.comments.stream().filter(c -> c.issue == number).count());
    ((ObjectNode) i.get("pull_request")).put("url", repo.api("/pulls/" + number))
        .put("html_url", "https://github.com/" + repo.fullName + "/pull/" + number);
    ((ObjectNode) i.get("user")).put("login", botLogin()).put("type", "Bot");
    i.set("labels", Json.MAPPER.createArrayNode());
    return Answer.of(200, i);
  }

  private ObjectNode commentJson(Repo repo, CommentState c) {
    ObjectNode j = GitHubFixtures.object(GitHubFixtures.COMMENT_CREATED);
    j.put("id", c.id).put("node_id", "IC_kwDOstub" + c.id).put("body", c.body)
        .put("url", repo.api("/issues/comments/" + c.id))
        .put("html_url", "https://github.com/" + repo.fullName + "/issues/" + c.issue + "#issuecomment-" + c.id)
        .put("issue_url", repo.api("/issues/" + c.issue));
    ((ObjectNode) j.get("user")).put("login", c.author).put("type", c.author.endsWith("[bot]") ? "Bot" : "User");
    return j;
  }

  private Answer listComments(Repo repo, int issue) {
    if (!repo.issues.containsKey(issue) && repo.pulls.stream().noneMatch(p -> p.number == issue)) {
      return Answer.error(404, "Not Found");
    }
    ArrayNode list = Json.MAPPER.createArrayNode();
    repo.comments.stream().filter(c -> c.issue == issue).forEach(c -> list.add(commentJson(repo, c)));
    return Answer.of(200, list);
  }

  private Answer createComment(Repo repo, int issue, JsonNode body) {
    if (!repo.issues.containsKey(issue) && repo.pulls.stream().noneMatch(p -> p.number == issue)) {
      return Answer.error(404, "Not Found");
    }
    String text = body.path("body").asText(null);
    if (text == null) {
      return Answer.error(422, "Invalid request. \"body\" wasn't supplied.");
    }
    CommentState c = new CommentState(ids.incrementAndGet(), issue, botLogin(), text);
    repo.comments.add(c);
    return new Answer(201, commentJson(repo, c), Map.of("Location", repo.api("/issues/comments/" + c.id)));
  }

  private Optional<CommentState> comment(Repo repo, long id) {
    return repo.comments.stream().filter(c -> c.id == id).findFirst();
  }

  private Answer getComment(Repo repo, long id) {
    return comment(repo, id).map(c -> Answer.of(200, commentJson(repo, c))).orElseGet(() -> Answer.error(404, "Not Found"));
  }

  private Answer editComment(Repo repo, long id, JsonNode body) {
    Optional<CommentState> found = comment(repo, id);
    if (found.isEmpty()) {
      return Answer.error(404, "Not Found");
    }
    CommentState c = found.get();
    c.body = body.path("body").asText(c.body);
    c.edits++;
    return Answer.of(200, commentJson(repo, c));
  }

  private Answer react(Repo repo, String subject, long commentId, JsonNode body) {
    if (subject.equals("issue_comment") && comment(repo, commentId).isEmpty()) {
      return Answer.error(404, "Not Found");
    }
    String content = body.path("content").asText();
    repo.reactions.add(new Reaction(subject, commentId, content));
    ObjectNode r = GitHubFixtures.object(GitHubFixtures.REACTION_CREATED);
    r.put("id", ids.incrementAndGet()).put("content", content);
    ((ObjectNode) r.get("user")).put("login", botLogin()).put("type", "Bot");
    return Answer.of(201, r);
  }

  private ObjectNode pullJson(Repo repo, PullState p, String fixture) {
    JsonNode doc = GitHubFixtures.json(fixture);
    ObjectNode j = (ObjectNode) (doc.isArray() ? doc.get(0) : doc).deepCopy(); // a list's documented item
    String html = "https://github.com/" + repo.fullName + "/pull/" + p.number;
    j.put("number", p.number).put("id", p.id).put("node_id", p.nodeId()).put("title", p.title).put("body", p.body)
        .put("draft", p.draft).put("state", p.state).put("locked", false).putNull("active_lock_reason")
        .putNull("closed_at").putNull("merged_at").putNull("merge_commit_sha")
        .put("url", repo.api("/pulls/" + p.number)).put("html_url", html).put("diff_url", html + ".diff")
        .put("patch_url", html + ".patch").put("issue_url", repo.api("/issues/" + p.number))
        .put("comments_url", repo.api("/issues/" + p.number + "/comments"));
    if (j.has("merged")) {
      j.put("merged", false);
    }
    String headSha = repo.branchHeads.apply(p.head).orElse(j.path("head").path("sha").asText());
    p.headSha = headSha;
    ref((ObjectNode) j.get("head"), repo, p.head, headSha);
    ref((ObjectNode) j.get("base"), repo, p.base, repo.branchHeads.apply(p.base).orElse(j.path("base").path("sha").asText()));
    return j;
  }

  private void ref(ObjectNode ref, Repo repo, String branch, String sha) {
    ref.put("ref", branch).put("label", repo.owner + ":" + branch).put("sha", sha);
    ref.set("repo", repositoryJson(repo));
    ((ObjectNode) ref.get("user")).put("login", repo.owner);
  }

  private Answer listPulls(Repo repo, String query) {
    Optional<String> head = queryParam(query, "head");
    String state = queryParam(query, "state").orElse("open");
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (PullState p : repo.pulls) {
      boolean headMatches = head.isEmpty() || head.get().equals(repo.owner + ":" + p.head);
      boolean stateMatches = state.equals("all") || state.equals(p.state);
      if (headMatches && stateMatches) {
        list.add(pullJson(repo, p, GitHubFixtures.PULLS));
      }
    }
    return Answer.of(200, list);
  }

  private Answer createPull(Repo repo, JsonNode body) {
    String head = body.path("head").asText("");
    String base = body.path("base").asText("");
    if (head.isEmpty() || base.isEmpty() || body.path("title").asText("").isEmpty()) {
      return Answer.error(422, "Validation Failed");
    }
    if (head.contains(":")) {
      head = head.substring(head.indexOf(':') + 1);
    }
    String branch = head;
    if (repo.pulls.stream().anyMatch(p -> p.head.equals(branch) && p.state.equals("open"))) {
      return Answer.error(422, "Validation Failed: A pull request already exists for " + repo.owner + ":" + head + ".");
    }
    PullState p = new PullState(repo.nextNumber(), ids.incrementAndGet(), body.path("title").asText(), head, base,
        body.path("body").asText(null), body.path("draft").asBoolean(false));
    repo.pulls.add(p);
    return new Answer(201, pullJson(repo, p, GitHubFixtures.PULL_CREATED), Map.of("Location", repo.api("/pulls/" + p.number)));
  }

  private Optional<PullState> pull(Repo repo, int number) {
    return repo.pulls.stream().filter(p -> p.number == number).findFirst();
  }

  private Answer getPull(Repo repo, int number) {
    return pull(repo, number).map(p -> Answer.of(200, pullJson(repo, p, GitHubFixtures.PULL))).orElseGet(() -> Answer.error(404, "Not Found"));
  }

  private Answer editPull(Repo repo, int number, JsonNode body) {
    Optional<PullState> found = pull(repo, number);
    if (found.isEmpty()) {
      return Answer.error(404, "Not Found");
    }
    PullState p = found.get();
    if (body.has("body")) {
      p.body = body.path("body").asText(null);
    }
    if (body.has("state")) {
      p.state = body.path("state").asText();
    }
    return Answer.of(200, pullJson(repo, p, GitHubFixtures.PULL_EDITED));
  }

  private void applyCheckRun(CheckRunState run, JsonNode body) {
    if (body.hasNonNull("status")) {
      run.status = body.get("status").asText();
      run.statuses.add(run.status);
    }
    if (body.hasNonNull("conclusion")) {
      run.conclusion = body.get("conclusion").asText();
      if (!body.hasNonNull("status")) {
        run.status = "completed"; // GitHub: giving a conclusion completes the run
        run.statuses.add(run.status);
      }
    }
    JsonNode out = body.path("output");
    if (out.isObject()) {
      run.title = out.path("title").asText(run.title);
      run.summary = out.path("summary").asText(run.summary);
      run.text = out.path("text").asText(run.text);
      for (JsonNode a : out.path("annotations")) {
        run.annotations.add(a);
      }
    }
  }

  private ObjectNode checkRunJson(Repo repo, CheckRunState run, String fixture) {
    ObjectNode j = GitHubFixtures.object(fixture);
    j.put("id", run.id).put("node_id", "CR_kwDOstub" + run.id).put("name", run.name).put("head_sha", run.headSha)
        .put("status", run.status).put("url", repo.api("/check-runs/" + run.id))
        .put("html_url", "https://github.com/" + repo.fullName + "/runs/" + run.id);
    if (run.conclusion == null) {
      j.putNull("conclusion").putNull("completed_at");
    } else {
      j.put("conclusion", run.conclusion);
    }
    ObjectNode out = (ObjectNode) j.get("output");
    out.put("title", run.title).put("summary", run.summary).put("text", run.text).put("annotations_count", run.annotations.size())
        .put("annotations_url", repo.api("/check-runs/" + run.id + "/annotations"));
    ObjectNode app = (ObjectNode) j.get("app");
    app.put("id", appId).put("slug", GitHubFixtures.json(GitHubFixtures.APP).path("slug").asText());
    j.set("pull_requests", Json.MAPPER.createArrayNode());
    return j;
  }

  private Answer createCheckRun(Repo repo, JsonNode body) {
    String name = body.path("name").asText("");
    String sha = body.path("head_sha").asText("");
    if (name.isEmpty() || !sha.matches("[0-9a-f]{40}")) {
      return Answer.error(422, "Validation Failed");
    }
    CheckRunState run = new CheckRunState(ids.incrementAndGet(), name, sha);
    run.status = "queued";
    applyCheckRun(run, body);
    repo.checkRuns.put(run.id, run);
    String fixture = run.conclusion == null ? GitHubFixtures.CHECK_RUN_CREATED : GitHubFixtures.CHECK_RUN_CREATED_COMPLETED;
    return Answer.of(201, checkRunJson(repo, run, fixture));
  }

  private Answer updateCheckRun(Repo repo, long id, JsonNode body) {
    CheckRunState run = repo.checkRuns.get(id);
    if (run == null) {
      return Answer.error(404, "Not Found");
    }
    applyCheckRun(run, body);
    return Answer.of(200, checkRunJson(repo, run, GitHubFixtures.CHECK_RUN_UPDATED));
  }

  private Answer checkRunsForRef(Repo repo, String ref) {
    String sha = ref.matches("[0-9a-f]{40}") ? ref : repo.branchHeads.apply(ref).orElse(ref);
    ObjectNode page = GitHubFixtures.object(GitHubFixtures.CHECK_RUNS_FOR_REF);
    ArrayNode runs = Json.MAPPER.createArrayNode();
    for (CheckRunState run : repo.checkRuns.values()) {
      if (run.headSha.equals(sha)) {
        runs.add(checkRunJson(repo, run, GitHubFixtures.CHECK_RUN_UPDATED));
      }
    }
    page.put("total_count", runs.size());
    page.set("check_runs", runs);
    return Answer.of(200, page);
  }

  /**
   * GraphQL: only {@code markPullRequestReadyForReview}. SYNTHETIC answers: GitHub publishes no
   * GraphQL response examples; the shape follows the query's selection set (GraphQL spec).
   */
  private Answer graphql(JsonNode body) {
    String query = body.path("query").asText("");
    if (query.contains("markPullRequestReadyForReview")) {
      String nodeId = body.path("variables").path("id").asText();
      for (Repo repo : repos.values()) {
        synchronized (repo) {
          for (PullState p : repo.pulls) {
            if (p.nodeId().equals(nodeId)) {
              p.draft = false;
              ObjectNode pr = Json.MAPPER.createObjectNode().put("id", nodeId).put("isDraft", false);
              ObjectNode data = Json.MAPPER.createObjectNode();
              data.putObject("markPullRequestReadyForReview").set("pullRequest", pr);
              ObjectNode answer = Json.MAPPER.createObjectNode();
              answer.set("data", data);
              return Answer.of(200, answer);
            }
          }
        }
      }
      return Answer.of(200, graphqlError("Could not resolve to a node with the global id of '" + nodeId + "'"));
    }
    problems.add("GraphQL query the stub does not model: " + query.strip().lines().findFirst().orElse(""));
    return Answer.of(200, graphqlError("the GitHub API stub does not model this query"));
  }

  private static ObjectNode graphqlError(String message) {
    ObjectNode error = Json.MAPPER.createObjectNode().put("message", message);
    ObjectNode answer = Json.MAPPER.createObjectNode();
    answer.putArray("errors").add(error);
    return answer;
  }

  // ---- small parts ----------------------------------------------------------------------------

  private static JsonNode body(LoggedRequest req) {
    String text = req.getBodyAsString();
    if (text == null || text.isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("request body is not JSON: " + e.getMessage(), e);
    }
  }

  private static Optional<String> queryParam(String query, String name) {
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && decode(pair.substring(0, eq)).equals(name)) {
        return Optional.of(decode(pair.substring(eq + 1)));
      }
    }
    return Optional.empty();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The git blob id of the content, as the contents API reports it. */
  private static String blobSha(byte[] content) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(sha1.digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
