package dev.acs.agent;

import dev.acs.config.ConfigException;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code replay:FILE}: answers each call with the next assistant turn of a transcript file (see
 * {@link Transcript}), whatever was asked. It is a {@link ChatModel} so a replayed task goes
 * through exactly the loop, tools and budget checks of a live one. Token counts are the recorded
 * ones (so token budgets behave as in the recording), or estimated at four characters a token
 * when the file has none.
 */
final class ReplayChatModel implements ChatModel {
  private final Path file;
  private final List<Transcript.Entry> turns;
  private final AtomicInteger next = new AtomicInteger();

  private ReplayChatModel(Path file, List<Transcript.Entry> turns) {
    this.file = file;
    this.turns = turns;
  }

  /** @throws ConfigException when the file is missing or malformed, naming the bad entry */
  static ReplayChatModel load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("replay file " + file + " does not exist");
    }
    List<Transcript.Entry> turns = new ArrayList<>();
    for (Transcript.Entry e : Transcript.read(file).entries()) {
      if (e.type().equals("assistant")) {
        turns.add(e);
      }
    }
    if (turns.isEmpty()) {
      throw new ConfigException("replay file " + file + " has no assistant entries to play");
    }
    return new ReplayChatModel(file, List.copyOf(turns));
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    int i = next.getAndIncrement();
    if (i >= turns.size()) {
      throw new ReplayExhaustedException(
          "replay " + file + " has run out: its " + turns.size()
              + " assistant turns were all played and the task asked for one more");
    }
    Transcript.Entry turn = turns.get(i);
    List<ToolExecutionRequest> calls = new ArrayList<>();
    if (turn.toolCalls() != null) {
      for (Transcript.ToolCall c : turn.toolCalls()) {
        calls.add(ToolExecutionRequest.builder().id(c.id()).name(c.name()).arguments(c.arguments()).build());
      }
    }
    String text = turn.text();
    AiMessage message =
        calls.isEmpty()
            ? AiMessage.from(text == null ? "" : text)
            : text == null || text.isEmpty() ? AiMessage.from(calls) : AiMessage.from(text, calls);
    TokenUsage usage =
        turn.usage() != null
            ? new TokenUsage((int) turn.usage().inputTokens(), (int) turn.usage().outputTokens())
            : new TokenUsage(estimateInput(request), estimateOutput(turn));
    return ChatResponse.builder()
        .aiMessage(message)
        .modelName(turn.model() == null ? "replay" : turn.model())
        .tokenUsage(usage)
        .finishReason(calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_EXECUTION)
        .build();
  }

  private static int estimateInput(ChatRequest request) {
    long chars = 0;
    for (ChatMessage m : request.messages()) {
      chars += m.toString().length();
    }
    return (int) Math.min(Integer.MAX_VALUE, chars / 4);
  }

  private static int estimateOutput(Transcript.Entry turn) {
    long chars = turn.text() == null ? 0 : turn.text().length();
    if (turn.toolCalls() != null) {
      for (Transcript.ToolCall c : turn.toolCalls()) {
        chars += c.name().length() + c.arguments().length();
      }
    }
    return (int) Math.max(1, chars / 4);
  }

  /** The script has no more turns: the live task went further than the recording. */
  static final class ReplayExhaustedException extends RuntimeException {
    ReplayExhaustedException(String message) {
      super(message);
    }
  }
}
