package dev.acs.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPatternTest {

  // The same cases as the Rego path_matches tests, so Java and Rego agree on data.json patterns.
  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
    ".github/workflows/**, .github/workflows/ci.yml, true",
    ".github/workflows/**, .github/workflows/sub/release.yml, true",
    ".github/workflows/**, .github/ISSUE_TEMPLATE/bug.md, false",
    ".github/workflows/**, x/.github/workflows/ci.yml, false",
    ".env*, .env, true",
    ".env*, config/.env.local, true",
    ".env*, docs/environment.md, false",
    "*.pem, certs/server.pem, true",
    "*.pem, pem.txt, false",
    "*.key, keys/signing.key, true",
    "*.key, src/main/java/KeyStore.java, false",
    "id_rsa*, home/id_rsa.pub, true",
    "*.p12, store.p12, true",
    "CODEOWNERS, docs/CODEOWNERS, true",
    ".github/acs.yml, .github/acs.yml, true",
    ".github/acs.yml, sub/.github/acs.yml, false",
    "src/**, src/main/java/A.java, true",
    "**/src/main/**, app/src/main/java/A.java, true",
    "**/src/main/**, src/main/java/A.java, false",
    "src/*.js, src/a.js, true",
    "src/*.js, src/lib/a.js, false",
    "*Test.java, src/test/java/org/ATest.java, true",
    "'*.test.{js,ts}', web/__tests__/sum.test.ts, true",
    "'*.test.{js,ts}', web/__tests__/sum.test.jsx, false",
    "file?.txt, file1.txt, true",
    "file?.txt, file12.txt, false",
    "[abc].txt, b.txt, true",
    "[!abc].txt, b.txt, false",
    "a+b(c).txt, a+b(c).txt, true",
  })
  void matchesLikeTheRego(String glob, String path, boolean expected) {
    assertThat(PathPattern.of(glob).matches(path)).isEqualTo(expected);
  }

  @Test
  void rejectsBadPatterns() {
    assertThatThrownBy(() -> PathPattern.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PathPattern.of("{a,b")).hasMessageContaining("unbalanced");
  }

  @Test
  void nullPathMatchesNothing() {
    assertThat(PathPattern.of("**").matches(null)).isFalse();
  }
}
