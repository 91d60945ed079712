package dev.acs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import dev.acs.config.SecretPatterns;
import dev.acs.github.CommentMarker;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever the secret scan would block is masked wherever ACS writes text out: a transcript, a
 * log line in both formats of logback.xml, a comment body. One sample per kind of the catalogue;
 * a test fails when the catalogue gains a kind without a sample here.
 */
class RedactionCoversTheScanTest {
  /** A line holding a secret of {@code kind}, and the part of it that must not survive. */
  record Sample(String kind, String line, String secret) {
    @Override
    public String toString() {
      return kind;
    }
  }

  // Fake credentials in the real formats, assembled at run time so that no scanner flags this file.
  static final String PEM_BODY = "MIIEowIBAAKCAQEAx4Ul2kTfJ3pQk8r1vN0aBcDeFgHiJkLmNoPqRsTuVwXyZ01";

  static Stream<Sample> samples() {
    return Stream.of(
        new Sample("GitHub token", "GITHUB_TOKEN is gh" + "s_16C7e42F292c6912E7710c838347Ae178B4a now", "16C7e42F292c6912E7710c838347Ae178B4a"),
        new Sample("GitHub fine-grained token", "use github" + "_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzAB", "11ABCDEFG0123456789_abcdefghij"),
        new Sample("AWS access key id", "aws_access_key_id = AK" + "IAIOSFODNN7QX3MPLE", "IOSFODNN7QX3MPLE"),
        new Sample("AWS secret access key", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8r3Kx9Lm",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8r3Kx9Lm"),
        new Sample("private key block", "key:\n-----BEGIN " + "RSA PRIVATE KEY-----\n" + PEM_BODY + "\nQ2W3e4R5t6Y7u8I9o0PaSdFgHjKl\n-----END RSA PRIVATE KEY-----\ndone",
            PEM_BODY),
        new Sample("Slack token", "slack: xo" + "xb-2401938274-9f8e7d6c5b4a", "2401938274-9f8e7d6c5b4a"),
        new Sample("Google API key", "maps key AI" + "zaSyD3f9Kq2LmN8pRt5vWx7yZ0aBcDeFgHiJk", "SyD3f9Kq2LmN8pRt5vWx7yZ0aBcDeFgHiJk"),
        new Sample("Stripe secret key", "stripe sk" + "_live_4eC39HqLyjWDarjtT1zdp7dc9Z", "4eC39HqLyjWDarjtT1zdp7dc9Z"),
        new Sample("Anthropic or OpenAI API key", "ANTHROPIC: sk" + "-ant-api03-Zx9qL2vR7pT4wK8mNb6c", "api03-Zx9qL2vR7pT4wK8mNb6c"),
        new Sample("OpenAI API key", "key=sk" + "-Zx9qL2vR7pT4wK8mNb6cD1e", "Zx9qL2vR7pT4wK8mNb6cD1e"),
        new Sample("bearer token", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.Zx9qL2vR7pT4wK8m", "eyJhbGciOiJIUzI1NiJ9.e30.Zx9qL2vR7pT4wK8m"),
        new Sample("API key header", "x-api-key: Zx9qL2vR7pT4wK8mNb6cD1eF", "Zx9qL2vR7pT4wK8mNb6cD1eF"),
        new Sample("high-entropy value assigned to db.password", "db.password=Zx9#qL2!vR7pT4wK8mN", "Zx9#qL2!vR7pT4wK8mN"));
  }

  @Test
  void thereIsASampleForEveryKindTheScanKnows() {
    Set<String> catalogue = SecretPatterns.shapes().stream().map(SecretPatterns.Shape::kind).collect(Collectors.toCollection(TreeSet::new));
    catalogue.add("high-entropy value assigned to db.password");
    Set<String> sampled = samples().map(Sample::kind).collect(Collectors.toCollection(TreeSet::new));
    assertThat(sampled).isEqualTo(catalogue);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void theScanBlocksTheSample(Sample s) {
    assertThat(SecretPatterns.find(s.line())).extracting(SecretPatterns.Match::kind).contains(s.kind());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void aTranscriptMasksIt(Sample s) {
    Transcript t = Transcript.start("t-1", SecretRedactor.patternsOnly());
    t.user("code", "the issue says: " + s.line());
    t.toolResult("code", "1", "read_file", s.line(), false);
    String json = t.toJson();
    assertThat(json).doesNotContain(s.secret()).contains(SecretPatterns.MASK);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void aJsonLogLineMasksIt(Sample s) throws Exception {
    String line = logLine("json", s.line());
    assertThat(line).doesNotContain(s.secret()).contains(SecretPatterns.MASK).contains("\"level\":\"WARN\"");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void aTextLogLineMasksIt(Sample s) throws Exception {
    String line = logLine("text", s.line());
    assertThat(line).doesNotContain(s.secret()).contains(SecretPatterns.MASK).contains("WARN");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void aCommentBodyMasksIt(Sample s) {
    String body = CommentMarker.attach("status", "ACS could not finish:\n\n```\n" + s.line() + "\n```");
    assertThat(body).doesNotContain(s.secret()).contains(SecretPatterns.MASK).startsWith(CommentMarker.of("status"));
  }

  @Test
  void ordinaryTextIsLeftAlone() {
    String text = "commit 3b18e512dba79e4c8300dd08aeb37f8e728b8dad: task-runner-configuration, password = ${DB_PASSWORD}";
    assertThat(SecretPatterns.redact(text)).isEqualTo(text);
    assertThat(CommentMarker.fit(text)).isEqualTo(text);
  }

  /** One event encoded by the appender logback.xml sets up for ACS_LOG_FORMAT=format. */
  private static String logLine(String format, String message) throws Exception {
    LoggerContext context = new LoggerContext();
    try {
      context.setMDCAdapter(new LogbackMDCAdapter());
      context.putProperty("ACS_LOG_FORMAT", format);
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(RedactionCoversTheScanTest.class.getClassLoader().getResource("logback.xml"));
      Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      var async = (AsyncAppenderBase<ILoggingEvent>) root.getAppender(format);
      var console = (OutputStreamAppender<ILoggingEvent>) async.getAppender(format + "_out");
      ILoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger("dev.acs.Test"), Level.WARN, "push refused: {}", null,
          new Object[] {message});
      return new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
    } finally {
      context.stop();
    }
  }
}
