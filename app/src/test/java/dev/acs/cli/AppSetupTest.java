package dev.acs.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.acs.config.Env;
import dev.acs.config.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acs setup}: the served page's form, and GitHub's redirect traded for the App's settings
 * against WireMock answering with GitHub's documented conversion body.
 */
class AppSetupTest {
  @RegisterExtension
  static WireMockExtension github = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).failOnUnmatchedRequests(true).build();

  static final String CONVERSION = "POST-app-manifests__{code}__conversions-201.json";

  @TempDir Path tmp;
  AppSetup setup;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    setup = AppSetup.start(new AppSetup.Settings("ACS test", "https://acs.example.com/webhooks", null, "https://github.com",
        github.baseUrl(), tmp.resolve(".env"), 0));
  }

  @AfterEach
  void stop() {
    setup.close();
  }

  HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(setup.url() + pathAndQuery.substring(1))).build(), HttpResponse.BodyHandlers.ofString());
  }

  String state() throws Exception {
    Matcher m = Pattern.compile("state=([0-9a-f]+)").matcher(get("/").body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  static String unescape(String html) {
    return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  @Test
  void thePagePostsACompleteManifestToGitHub() throws Exception {
    String page = get("/").body();

    Matcher action = Pattern.compile("<form action=\"([^\"]+)\" method=\"post\">").matcher(page);
    assertThat(action.find()).isTrue();
    assertThat(unescape(action.group(1))).matches("https://github\\.com/settings/apps/new\\?state=[0-9a-f]{48}");
    Matcher input = Pattern.compile("<input type=\"hidden\" name=\"manifest\" value=\"([^\"]+)\">").matcher(page);
    assertThat(input.find()).isTrue();
    JsonNode manifest = Json.MAPPER.readTree(unescape(input.group(1)));
    assertThat(manifest.path("name").asText()).isEqualTo("ACS test");
    assertThat(manifest.path("url").asText()).isEqualTo("https://acs.example.com");
    assertThat(manifest.path("public").asBoolean(true)).isFalse();
    assertThat(manifest.path("hook_attributes").path("url").asText()).isEqualTo("https://acs.example.com/webhooks");
    assertThat(manifest.path("redirect_url").asText()).isEqualTo("http://127.0.0.1:" + setup.port() + "/callback");
    assertThat(manifest.path("callback_urls")).extracting(JsonNode::asText).containsExactly("https://acs.example.com/login/callback");
    assertThat(Json.MAPPER.convertValue(manifest.path("default_permissions"), Map.class)).isEqualTo(Map.of(
        "contents", "write", "issues", "write", "pull_requests", "write", "checks", "write", "actions", "write", "metadata", "read"));
    assertThat(manifest.path("default_events")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
        "issues", "issue_comment", "pull_request", "pull_request_review", "pull_request_review_comment", "check_run", "check_suite", "workflow_run");
  }

  @Test
  void anOrganisationGetsItsOwnFormAddress() {
    try (AppSetup org = AppSetup.start(new AppSetup.Settings("ACS", "https://acs.example.com/webhooks", "octo-org", "https://ghe.example.com/",
        github.baseUrl(), tmp.resolve(".env"), 0))) {
      assertThat(org.formAction()).startsWith("https://ghe.example.com/organizations/octo-org/settings/apps/new?state=");
    }
  }

  @Test
  void gitHubsRedirectIsTradedForTheAppsSettingsInAnOwnerOnlyEnvFile() throws Exception {
    github.stubFor(post(urlPathEqualTo("/app-manifests/a1b2c3/conversions")).willReturn(FixtureGitHub.json(201, FixtureGitHub.body(CONVERSION))));
    Files.writeString(tmp.resolve(".env"), "# mine\nACS_PORT=4000\nGITHUB_APP_ID=999\n");

    HttpResponse<String> answer = get("/callback?code=a1b2c3&state=" + state());

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("id 1").contains("https://github.com/apps/octoapp/installations/new");
    assertThat(setup.created()).isCompleted();
    Path env = tmp.resolve(".env");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env))).isEqualTo("rw-------");
    Map<String, String> vars = read(env);
    JsonNode fixture = Json.MAPPER.readTree(FixtureGitHub.body(CONVERSION));
    assertThat(vars).containsEntry("ACS_PORT", "4000").containsEntry("GITHUB_APP_ID", "1").containsEntry("ACS_APP_SLUG", "octoapp")
        .containsEntry("ACS_WEBHOOK_SECRET", fixture.path("webhook_secret").asText());
    assertThat(Files.readString(env)).startsWith("# mine\n").containsOnlyOnce("GITHUB_APP_ID=");
    // The App's OAuth client turns the login on, with the address the webhooks go to.
    assertThat(vars).containsEntry("ACS_GITHUB_CLIENT_ID", fixture.path("client_id").asText())
        .containsEntry("ACS_GITHUB_CLIENT_SECRET", fixture.path("client_secret").asText())
        .containsEntry("ACS_PUBLIC_URL", "https://acs.example.com");
    assertThat(dev.acs.web.login.LoginSettings.fromEnv(new Env(vars))).isPresent();
    // The key reads back as the App's key through ACS's own loader.
    assertThat(dev.acs.github.GitHubApps.fromEnv(new Env(vars)).appId()).isEqualTo(1);
    github.verify(1, postRequestedFor(urlPathEqualTo("/app-manifests/a1b2c3/conversions")));
  }

  @Test
  void aRedirectWithAnotherStateIsRefusedAndNothingIsWritten() throws Exception {
    HttpResponse<String> answer = get("/callback?code=a1b2c3&state=" + "0".repeat(48));

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(tmp.resolve(".env")).doesNotExist();
    assertThat(github.getAllServeEvents()).isEmpty();
  }

  @Test
  void anExpiredCodeIsExplained() throws Exception {
    github.stubFor(post(urlPathEqualTo("/app-manifests/old/conversions")).willReturn(FixtureGitHub.basicError(404, "Not Found")));

    HttpResponse<String> answer = get("/callback?code=old&state=" + state());

    assertThat(answer.statusCode()).isEqualTo(502);
    assertThat(answer.body()).contains("used already or older than an hour");
    assertThat(tmp.resolve(".env")).doesNotExist();
    assertThat(setup.created()).isNotDone();
  }

  @Test
  void valuesAreQuotedOnlyWhenTheyMustBe() {
    assertThat(DotEnv.quote("12345")).isEqualTo("12345");
    assertThat(DotEnv.quote("a\"b $c\nd")).isEqualTo("\"a\\\"b \\$c\\nd\"");
    assertThat(AppSetup.html("<a href=\"x\">&'")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  }

  /** Reads the file as a shell would after {@code set -a; . ./.env}: quotes removed, \n kept as typed. */
  static Map<String, String> read(Path env) throws Exception {
    Map<String, String> vars = new HashMap<>();
    for (String line : Files.readAllLines(env)) {
      int eq = line.indexOf('=');
      if (line.startsWith("#") || eq < 0) {
        continue;
      }
      String v = line.substring(eq + 1);
      if (v.startsWith("\"")) {
        v = v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\$", "$");
      }
      vars.put(line.substring(0, eq), v);
    }
    return vars;
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
