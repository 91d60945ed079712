package dev.acs.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.policy.PolicyInput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PmdCheckTest {
  private static final PmdCheck PMD = PmdCheck.withBundledRules();
  private static Map<String, String> severities;

  @BeforeAll
  static void loadRules() {
    severities = PmdCheck.ruleSeverities();
  }

  private static final String ACCOUNTS_BEFORE = """
      package demo.accounts;

      import java.util.HashMap;
      import java.util.Map;

      public final class Accounts {
        private final Map<String, Long> balances = new HashMap<>();

        public void deposit(String owner, long amount) {
          if (amount <= 0) {
            throw new IllegalArgumentException("amount must be positive: " + amount);
          }
          balances.merge(owner, amount, Long::sum);
        }

        public long balance(String owner) {
          try {
            return balances.getOrDefault(owner, 0L);
          } catch (RuntimeException e) {
          }
          return 0;
        }
      }
      """;

  @Test
  void reportsOnlyWhatTheChangeAdded() {
    // The change adds an admin check with == on strings; the empty catch was already there.
    String after = ACCOUNTS_BEFORE.replace("""
          public long balance(String owner) {
        """, """
          public boolean isAdmin(String owner) {
            return owner == "admin";
          }

          public long balance(String owner) {
        """);

    PmdCheck.Result result = PMD.newFindings(List.of(new PmdCheck.ChangedFile("src/main/java/demo/accounts/Accounts.java", ACCOUNTS_BEFORE, after)));

    assertThat(result.problems()).isEmpty();
    // Two rules see the same mistake; the old empty catch block is not reported.
    assertThat(result.newFindings()).extracting(Finding::rule, Finding::severity, Finding::line).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("UseEqualsToCompareStrings", "high", 17),
        org.assertj.core.groups.Tuple.tuple("CompareObjectsWithEquals", "medium", 17));
    assertThat(result.newFindings()).allSatisfy(f -> assertThat(f.path()).isEqualTo("src/main/java/demo/accounts/Accounts.java"));
    assertThat(after.lines().toList().get(16)).contains("owner == \"admin\"");
  }

  @Test
  void movedCodeKeepsItsFindingsOld() {
    // Same methods in another order and indented differently: the empty catch moved 6 lines up.
    String moved = """
        package demo.accounts;

        import java.util.HashMap;
        import java.util.Map;

        public final class Accounts {
          private final Map<String, Long> balances = new HashMap<>();

          public long balance(String owner) {
            try {
                return balances.getOrDefault(owner, 0L);
            } catch (RuntimeException e) {
            }
            return 0;
          }

          public void deposit(String owner, long amount) {
            if (amount <= 0) {
              throw new IllegalArgumentException("amount must be positive: " + amount);
            }
            balances.merge(owner, amount, Long::sum);
          }
        }
        """;
    PmdCheck.Result all = PMD.newFindings(List.of(new PmdCheck.ChangedFile("A.java", null, moved)));
    assertThat(all.newFindings()).extracting(Finding::rule).contains("EmptyCatchBlock");

    PmdCheck.Result result = PMD.newFindings(List.of(new PmdCheck.ChangedFile("A.java", ACCOUNTS_BEFORE, moved)));

    assertThat(result.newFindings()).isEmpty();
  }

  @Test
  void aSecondCopyOfAnOldFindingIsNew() {
    String after = ACCOUNTS_BEFORE.replace("""
          public long balance(String owner) {
        """, """
          public long balanceOrZero(String owner) {
            try {
              return balances.getOrDefault(owner, 0L);
            } catch (RuntimeException e) {
            }
            return 0;
          }

          public long balance(String owner) {
        """);

    PmdCheck.Result result = PMD.newFindings(List.of(new PmdCheck.ChangedFile("A.java", ACCOUNTS_BEFORE, after)));

    assertThat(result.newFindings()).extracting(Finding::rule).containsExactly("EmptyCatchBlock");
    // The inserted copy (line 19, in balanceOrZero) is new; the old one, now further down, is not.
    assertThat(result.newFindings().get(0).line()).isEqualTo(19);
    assertThat(after.lines().toList().get(15)).contains("balanceOrZero");
    assertThat(after.lines().toList().get(18)).contains("catch (RuntimeException e)");
  }

  @Test
  void anAddedFileHasOnlyNewFindingsAndSecurityIsHigh() {
    String crypto = """
        package demo.crypto;

        import javax.crypto.Cipher;
        import javax.crypto.spec.IvParameterSpec;
        import javax.crypto.spec.SecretKeySpec;

        public final class Sealer {
          public byte[] seal(byte[] data) throws Exception {
            SecretKeySpec key = new SecretKeySpec("0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8), "AES");
            byte[] iv = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            return cipher.doFinal(data);
          }
        }
        """;

    PmdCheck.Result result = PMD.newFindings(List.of(new PmdCheck.ChangedFile("src/main/java/demo/crypto/Sealer.java", null, crypto)));

    assertThat(result.newFindings()).filteredOn(f -> f.rule().equals("HardCodedCryptoKey")).singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo("high"));
    assertThat(result.newFindings()).filteredOn(f -> f.rule().equals("InsecureCryptoIv")).singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo("high"));
  }

  @Test
  void unusedCodeIsLowAndDeletedOrNonJavaFilesAreSkipped() {
    String after = ACCOUNTS_BEFORE.replace("balances.merge(owner, amount, Long::sum);", "long previous = balances.getOrDefault(owner, 0L);\n    balances.merge(owner, amount, Long::sum);");

    PmdCheck.Result result = PMD.newFindings(List.of(
        new PmdCheck.ChangedFile("A.java", ACCOUNTS_BEFORE, after),
        new PmdCheck.ChangedFile("Gone.java", "class Gone { void f() { try { } catch (Exception e) { } } }", null),
        new PmdCheck.ChangedFile("README.md", "", "class X { }")));

    assertThat(result.newFindings()).extracting(Finding::rule, Finding::severity, Finding::path)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("UnusedLocalVariable", "low", "A.java"));
  }

  @Test
  void aFileThatDoesNotParseIsAProblemNotACrash() {
    PmdCheck.Result result = PMD.newFindings(List.of(new PmdCheck.ChangedFile("src/Broken.java", "class Broken {}", "class Broken { void f( }")));

    assertThat(result.newFindings()).isEmpty();
    assertThat(result.problems()).singleElement().asString().startsWith("src/Broken.java: PMD could not analyse the file");
  }

  @Test
  void findingsConvertToThePolicyInputAndToAnnotations() {
    Finding f = new Finding("pmd", "UseEqualsToCompareStrings", "high", "src/A.java", 17, 17, "Use equals() to compare strings", "fp");

    assertThat(f.toPolicyFinding()).isEqualTo(new PolicyInput.Finding("pmd", "UseEqualsToCompareStrings", "high", "src/A.java", 17, "Use equals() to compare strings"));
    assertThat(CheckAnnotation.fromFindings(List.of(
            new Finding("pmd", "UnusedLocalVariable", "low", "src/A.java", 3, 3, "unused", "a"), f)))
        .containsExactly(
            new CheckAnnotation("src/A.java", 17, 17, "failure", "PMD UseEqualsToCompareStrings", "Use equals() to compare strings"),
            new CheckAnnotation("src/A.java", 3, 3, "notice", "PMD UnusedLocalVariable", "unused"));
  }

  @Test
  void compileErrorsWithAFileBecomeFailureAnnotations() {
    assertThat(CheckAnnotation.fromCompileErrors(List.of(
            new CompileError("src/main/java/A.java", 12, 5, "cannot find symbol", "javac"),
            new CompileError(null, null, null, "Source option 5 is no longer supported.", "javac"),
            new CompileError("/opt/build/B.java", 3, null, "x", "javac"))))
        .containsExactly(new CheckAnnotation("src/main/java/A.java", 12, 12, "failure", "Compile error (javac)", "cannot find symbol"));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "HardCodedCryptoKey, high", "InsecureCryptoIv, high", "UseEqualsToCompareStrings, high", "ReturnFromFinallyBlock, high",
      "DoubleCheckedLocking, high", "EqualsNull, high", "EmptyCatchBlock, medium", "CloseResource, medium", "PreserveStackTrace, medium",
      "ConstructorCallsOverridableMethod, medium", "UnusedLocalVariable, low", "ReturnEmptyCollectionRatherThanNull, low", "MissingOverride, low"})
  void severityOfRules(String rule, String severity) {
    assertThat(severities).containsEntry(rule, severity);
  }

  @ParameterizedTest
  @CsvSource({"AvoidDuplicateLiterals", "AvoidLiteralsInIfCondition", "AssignmentInOperand", "NullAssignment", "GuardLogStatement", "DoNotUseThreads"})
  void styleRulesAreNotInTheRuleset(String rule) {
    assertThat(severities).doesNotContainKey(rule);
  }
}
