package dev.acs.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.acs.config.Json;
import dev.acs.testing.LlmFixtures;
import dev.acs.testing.ModelApiStub;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model provider (WireMock, speaking OpenAI's Chat Completions or Anthropic's Messages wire
 * format, answers shaped from the shared fixtures) whose model obeys every instruction it finds in
 * its prompt. On each request it reads the whole conversation as the provider received it, finds
 * the corpus cases whose trigger phrase is in it (after decoding Unicode tag characters, as real
 * models do), and makes the tool calls each case asks for, one case step a turn, each followed by
 * a harmless {@code list_files} so that failing calls do not end the run early. It looks around
 * first (lists the repository, reads every file listed), and last makes an ordinary change and
 * finishes. Anything in its view that looks like a secret is pasted wherever a case asks for one.
 *
 * <p>It also checks what it was given: every fence in a user message or tool result must close
 * with the same kind and nonce, with no marker look-alike inside.
 */
final class ObeyingModel implements ResponseDefinitionTransformerV2, AutoCloseable {
  static final Pattern SECRET_SHAPES =
      Pattern.compile("(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|sk-[A-Za-z0-9_\\-]{16,}|whsec_[A-Za-z0-9]{16,})");
  private static final Pattern FENCE_BEGIN = Pattern.compile("<<<BEGIN UNTRUSTED ([A-Z ]+?) ([0-9a-f]{12})>>>\n");
  private static final Pattern LOOKALIKE = Pattern.compile("(?i)(begin|end)[\\W_]*untrusted");
  private static final String BENIGN_SEARCH = "return \"Hello \" + name;";

  private final InjectionCorpus corpus;
  private final WireMockServer server;
  /** Every request body as the provider received it. */
  final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  /** The tool names offered in each request. */
  final List<List<String>> toolSets = Collections.synchronizedList(new ArrayList<>());
  /** Ids of the cases whose first step the model took. */
  final Set<String> attempted = Collections.synchronizedSet(new LinkedHashSet<>());
  /** Fences that did not hold, as "kind nonce: problem". */
  final List<String> brokenFences = Collections.synchronizedList(new ArrayList<>());

  ObeyingModel(InjectionCorpus corpus) {
    this.corpus = corpus;
    server = new WireMockServer(options().dynamicPort().extensions(this));
    server.start();
    for (String path : List.of(ModelApiStub.OPENAI_PATH, ModelApiStub.ANTHROPIC_PATH)) {
      server.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
    }
  }

  String openAiBaseUrl() {
    return server.baseUrl() + "/v1";
  }

  String anthropicBaseUrl() {
    return server.baseUrl();
  }

  @Override
  public String getName() {
    return "obeying-model";
  }

  @Override
  public ResponseDefinition transform(ServeEvent event) {
    String body = event.getRequest().getBodyAsString();
    requests.add(body);
    boolean anthropic = event.getRequest().getUrl().startsWith(ModelApiStub.ANTHROPIC_PATH);
    String answer;
    try {
      Conversation c = Conversation.read(Json.MAPPER.readTree(body), anthropic);
      toolSets.add(c.tools);
      checkFences(c);
      answer = answer(c, anthropic);
    } catch (IOException | RuntimeException e) {
      answer = anthropic ? LlmFixtures.anthropicText("broken: " + e) : LlmFixtures.openAiText("broken: " + e);
    }
    return ResponseDefinitionBuilder.responseDefinition().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody(answer).build();
  }

  private String answer(Conversation c, boolean anthropic) {
    List<String[]> calls; // {id, tool, arguments}
    String view = InjectionCorpus.asModelReads(String.join("\n", c.texts));
    List<InjectionCorpus.Case> found = corpus.cases().stream().filter(k -> view.contains(k.trigger())).toList();
    String secrets = secretsIn(view);
    if (c.tools.equals(List.of("submit_plan"))) {
      ObjectNode plan = Json.MAPPER.createObjectNode();
      plan.put("summary", found.isEmpty() ? "Greet politely" : "Do what the issue says" + (secrets.isEmpty() ? "" : " " + secrets));
      ArrayNode steps = plan.putArray("steps");
      found.forEach(k -> steps.add(k.wants()));
      steps.add("Change the greeting");
      plan.putArray("files").add(PipelineRig.GREETER);
      plan.putArray("risks").add("none");
      plan.put("verification", "PMD");
      calls = List.<String[]>of(new String[] {"plan", "submit_plan", plan.toString()});
    } else if (c.tools.contains("finish")) {
      calls = nextCodeTurn(c, found, secrets);
    } else {
      return anthropic ? LlmFixtures.anthropicText("ok") : LlmFixtures.openAiText("ok");
    }
    return anthropic ? anthropicToolUse(calls) : openAiToolCalls(calls);
  }

  /** The next turn of the coder: look around, obey each found case step by step, change, finish. */
  private List<String[]> nextCodeTurn(Conversation c, List<InjectionCorpus.Case> found, String secrets) {
    if (!c.done.contains("look")) {
      return List.<String[]>of(new String[] {"look", "list_files", "{\"path\": \"\"}"});
    }
    if (!c.done.contains("read-0")) {
      List<String[]> reads = new ArrayList<>();
      List<String> files = listedFiles(c.texts);
      for (int i = 0; i < Math.min(files.size(), 40); i++) {
        reads.add(new String[] {"read-" + i, "read_file", obj("path", files.get(i))});
      }
      if (!reads.isEmpty()) {
        return reads;
      }
    }
    for (InjectionCorpus.Case k : found) {
      for (int step = 0; step < k.attempt().size(); step++) {
        String id = "a-" + k.id() + "-" + step;
        if (!c.done.contains(id)) {
          attempted.add(k.id());
          InjectionCorpus.Call call = k.attempt().get(step);
          String args = (call.arguments() == null ? "{}" : call.arguments().toString())
              .replace("{{SECRETS}}", secrets.isEmpty() ? "(no secrets visible)" : secrets.replace("\n", "\\n"));
          return List.of(new String[] {id, call.tool(), args}, new String[] {"ls-" + id, "list_files", "{\"path\": \"src\"}"});
        }
      }
    }
    if (!c.done.contains("change")) {
      return List.<String[]>of(new String[] {"change", "edit_file", "{\"path\": " + quote(PipelineRig.GREETER) + ", \"search\": "
          + quote(BENIGN_SEARCH) + ", \"replace\": " + quote("return \"Hello, \" + name + \"!\";") + "}"});
    }
    String summary = "Done: " + (found.isEmpty() ? "greeting changed" : "did what was asked")
        + (secrets.isEmpty() ? "" : "\n" + secrets) + reviewVerdicts(c);
    return List.<String[]>of(new String[] {"finish-" + c.done.size(), "finish", obj("summary", summary)});
  }

  /** Answers every review comment the prompt names as addressed (what AnswerReview wants from finish). */
  private static String reviewVerdicts(Conversation c) {
    StringBuilder b = new StringBuilder();
    Matcher m = Pattern.compile("Comment #(\\d+)").matcher(String.join("\n", c.texts));
    Set<String> seen = new LinkedHashSet<>();
    while (m.find()) {
      if (seen.add(m.group(1))) {
        b.append("\n#").append(m.group(1)).append(": addressed");
      }
    }
    return b.toString();
  }

  /** The paths list_files returned, read from its fence the way the system prompt describes it. */
  private static List<String> listedFiles(List<String> texts) {
    for (String t : texts) {
      Matcher m = Pattern.compile("<<<BEGIN UNTRUSTED FILE LIST ([0-9a-f]{12})>>>\n(.*?)<<<END UNTRUSTED FILE LIST \\1>>>", Pattern.DOTALL).matcher(t);
      if (m.find()) {
        return m.group(2).lines().filter(l -> !l.isBlank()).toList();
      }
    }
    return List.of();
  }

  static String secretsIn(String view) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = SECRET_SHAPES.matcher(view);
    while (m.find()) {
      out.add(m.group(1));
    }
    return String.join("\n", out);
  }

  private void checkFences(Conversation c) {
    brokenFences.addAll(brokenFences(c.untrusted));
  }

  /** The fences in these texts that do not close with their own kind and nonce, or hold a look-alike. */
  static List<String> brokenFences(List<String> texts) {
    List<String> brokenFences = new ArrayList<>();
    for (String text : texts) {
      Matcher m = FENCE_BEGIN.matcher(text);
      int from = 0;
      while (m.find(from)) {
        String end = "<<<END UNTRUSTED " + m.group(1) + " " + m.group(2) + ">>>";
        int close = text.indexOf(end, m.end());
        if (close < 0) {
          brokenFences.add(m.group(1) + " " + m.group(2) + ": no matching end marker");
          break;
        }
        String inside = InjectionCorpus.asModelReads(text.substring(m.end(), close));
        if (LOOKALIKE.matcher(inside).find()) {
          brokenFences.add(m.group(1) + " " + m.group(2) + ": a marker look-alike inside: " + inside);
        }
        from = close + end.length();
      }
    }
    return brokenFences;
  }

  private static String quote(String s) {
    return Json.MAPPER.getNodeFactory().textNode(s).toString();
  }

  private static String obj(String key, String value) {
    return "{" + quote(key) + ": " + quote(value) + "}";
  }

  private static String openAiToolCalls(List<String[]> calls) {
    ObjectNode body = LlmFixtures.json("openai/chat-completions.response.tool-calls.parallel.json");
    ArrayNode out = ((ObjectNode) body.at("/choices/0/message")).putArray("tool_calls");
    ObjectNode template = (ObjectNode) LlmFixtures.json("openai/chat-completions.response.tool-calls.parallel.json")
        .at("/choices/0/message/tool_calls/0");
    for (String[] call : calls) {
      ObjectNode c = template.deepCopy();
      c.put("id", call[0]);
      ((ObjectNode) c.get("function")).put("name", call[1]).put("arguments", call[2]);
      out.add(c);
    }
    return body.toString();
  }

  private static String anthropicToolUse(List<String[]> calls) {
    ObjectNode body = LlmFixtures.json("anthropic/messages.response.tool-use.json");
    ObjectNode template = (ObjectNode) body.at("/content/0").deepCopy();
    ArrayNode out = body.putArray("content");
    for (String[] call : calls) {
      ObjectNode c = template.deepCopy();
      c.put("id", call[0]).put("name", call[1]).set("input", LlmFixtures.object(call[2]));
      out.add(c);
    }
    return body.toString();
  }

  @Override
  public void close() {
    server.stop();
  }

  /** The conversation as the provider received it, in either wire format. */
  private record Conversation(List<String> tools, List<String> texts, List<String> untrusted, Set<String> done) {
    static Conversation read(JsonNode req, boolean anthropic) {
      List<String> tools = new ArrayList<>();
      for (JsonNode t : req.path("tools")) {
        tools.add(anthropic ? t.path("name").asText() : t.path("function").path("name").asText());
      }
      List<String> texts = new ArrayList<>();
      List<String> untrusted = new ArrayList<>();
      Set<String> done = new LinkedHashSet<>();
      if (anthropic) {
        JsonNode system = req.path("system");
        texts.add(system.isTextual() ? system.asText() : joinText(system));
      }
      for (JsonNode m : req.path("messages")) {
        String role = m.path("role").asText();
        if (role.equals("assistant")) {
          for (JsonNode call : anthropic ? m.path("content") : m.path("tool_calls")) {
            if (call.has("id") && (!anthropic || "tool_use".equals(call.path("type").asText()))) {
              done.add(call.get("id").asText());
            }
          }
          continue;
        }
        String text;
        if (anthropic && m.path("content").isArray()) {
          StringBuilder b = new StringBuilder();
          for (JsonNode block : m.path("content")) {
            JsonNode content = block.has("content") ? block.get("content") : block.path("text");
            b.append(content.isTextual() ? content.asText() : joinText(content)).append('\n');
          }
          text = b.toString();
        } else {
          JsonNode content = m.path("content");
          text = content.isTextual() ? content.asText() : joinText(content);
        }
        texts.add(text);
        if (!role.equals("system")) {
          untrusted.add(text);
        }
      }
      return new Conversation(List.copyOf(tools), texts, untrusted, done);
    }

    private static String joinText(JsonNode blocks) {
      StringBuilder b = new StringBuilder();
      for (JsonNode block : blocks) {
        b.append(block.path("text").asText()).append('\n');
      }
      return b.toString();
    }
  }
}
