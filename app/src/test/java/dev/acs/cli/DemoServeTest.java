package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.web.LoopbackServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code acs demo --serve}: the demo's tasks on 127.0.0.1, no login, working buttons; nothing but loopback. */
class DemoServeTest {
  @TempDir Path tmp;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void afterTheDemoItsTasksAreServedOnLoopbackWithoutLogin() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Demo demo = new Demo(tmp.resolve("demo"), new PrintStream(buffer, true, StandardCharsets.UTF_8)).keepDatabase();
    assertThat(demo.run()).as(buffer.toString(StandardCharsets.UTF_8)).isZero();

    try (LoopbackServer server = demo.serve("127.0.0.1", 0)) {
      assertThat(server.url()).startsWith("http://127.0.0.1:");
      String list = get(server.url());
      assertThat(list).contains("Greet people politely", "Let CI deploy to staging", "BLOCKED_BY_POLICY", "PR_OPEN", "@you");

      Matcher link = Pattern.compile("href=\"/tasks/([0-9a-f-]+)\">Greet people politely").matcher(list);
      assertThat(link.find()).isTrue();
      String taskUrl = server.url() + "tasks/" + link.group(1);
      String page = get(taskUrl);
      assertThat(page).contains("Greet a missing name as stranger", "Session", "edit_file", "Policy decisions");
      Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"").matcher(page);
      assertThat(csrf.find()).isTrue();

      HttpResponse<String> stopped = http.send(HttpRequest.newBuilder(URI.create(taskUrl + "/stop"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf.group(1))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
      assertThat(stopped.body()).contains("STOPPED");
      HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(taskUrl + "/retry"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("csrf=0000")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(forged.statusCode()).isEqualTo(403);
    }
  }

  @Test
  void anAddressOtherThanLoopbackIsRefused() {
    DemoCommand command = new DemoCommand();
    command.serve = true;
    command.bind = "0.0.0.0";
    command.dir = tmp.resolve("never");

    assertThatThrownBy(command::call).isInstanceOf(UserError.class).hasMessageContaining("not a loopback address");
    assertThat(tmp.resolve("never")).doesNotExist();
    assertThatThrownBy(() -> LoopbackServer.start("0.0.0.0", 0, null)).isInstanceOf(IllegalArgumentException.class);
  }

  private String get(String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    return r.body();
  }
}
