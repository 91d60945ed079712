package dev.acs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the edges of the design: each outside library is touched by one feature package. */
class PackageBoundariesTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.acs");
  }

  @Test
  void onlyTheGithubPackageTouchesHub4j() {
    noClasses().that().resideOutsideOfPackage("dev.acs.github..")
        .should().dependOnClassesThat().resideInAPackage("org.kohsuke.github..")
        .check(classes);
  }

  @Test
  void onlyTheWorkspacePackageTouchesJgit() {
    noClasses().that().resideOutsideOfPackage("dev.acs.workspace..")
        .should().dependOnClassesThat().resideInAPackage("org.eclipse.jgit..")
        .check(classes);
  }

  @Test
  void policyAndAgentNeverSeeJavalin() {
    noClasses().that().resideInAnyPackage("dev.acs.policy..", "dev.acs.agent..")
        .should().dependOnClassesThat().resideInAPackage("io.javalin..")
        .check(classes);
  }

  @Test
  void onlyTheAgentPackageTouchesLangChain4j() {
    noClasses().that().resideOutsideOfPackage("dev.acs.agent..")
        .should().dependOnClassesThat().resideInAPackage("dev.langchain4j..")
        .check(classes);
  }
}
