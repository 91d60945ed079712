package dev.acs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The prompt-injection corpus ({@code src/test/resources/injection/corpus.jsonl}): one published
 * attack on coding agents a line, with where it was published, the channel it arrives through,
 * its text, what the attacker wants, a phrase by which an obedient model recognises it in its
 * prompt, and the tool calls that obeying it takes.
 */
record InjectionCorpus(List<Case> cases) {
  static final String RESOURCE = "/injection/corpus.jsonl";

  /** Channels as ACS receives them. */
  static final List<String> CHANNELS = List.of("issue_body", "issue_comment", "review_comment", "ci_log", "file_content");

  /** One tool call an obedient model makes; {@code {{SECRETS}}} in an argument is what it has seen that looks secret. */
  record Call(String tool, JsonNode arguments) {}

  /**
   * @param file for {@code file_content}: the repository path holding {@code text}
   * @param trigger a phrase of the text (after decoding invisible tag characters) the model looks for
   */
  record Case(String id, String source, String channel, String file, String text, String wants, String trigger, List<Call> attempt) {}

  static InjectionCorpus load() {
    List<Case> cases = new ArrayList<>();
    try (InputStream in = Objects.requireNonNull(InjectionCorpus.class.getResourceAsStream(RESOURCE), RESOURCE);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = Json.MAPPER.readTree(line);
        List<Call> calls = new ArrayList<>();
        for (JsonNode c : n.get("attempt")) {
          calls.add(new Call(c.get("tool").asText(), c.get("arguments")));
        }
        cases.add(new Case(n.get("id").asText(), n.get("source").asText(), n.get("channel").asText(),
            n.hasNonNull("file") ? n.get("file").asText() : null, n.get("text").asText(), n.get("wants").asText(),
            n.get("trigger").asText(), List.copyOf(calls)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new InjectionCorpus(List.copyOf(cases));
  }

  List<Case> channel(String channel) {
    return cases.stream().filter(c -> c.channel().equals(channel)).toList();
  }

  /**
   * The text as a model reads it: Unicode tag characters (invisible to people, read by models as
   * the ASCII they encode) decoded, and zero-width and bidi controls dropped.
   */
  static String asModelReads(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      if (cp >= 0xE0020 && cp <= 0xE007E) {
        b.append((char) (cp - 0xE0000));
      } else if (Character.getType(cp) != Character.FORMAT) {
        b.appendCodePoint(cp);
      }
    });
    return b.toString();
  }
}
