package dev.acs.github;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Only dev.acs.github may see hub4j: everything else works with RepoGitHub and its records. */
class GitHubBoundaryTest {
  static final JavaClasses ACS = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.acs");

  @Test
  void onlyTheGithubPackageTouchesHub4j() {
    noClasses().that().resideOutsideOfPackage("dev.acs.github..")
        .should().dependOnClassesThat().resideInAPackage("org.kohsuke.github..")
        .because("GitHub is reached through dev.acs.github.RepoGitHub only")
        .check(ACS);
  }

  @Test
  void theRepoGitHubContractExposesNoHub4jType() {
    noClasses().that().haveFullyQualifiedName(RepoGitHub.class.getName())
        .or().haveFullyQualifiedName(GitHubException.class.getName())
        .should().dependOnClassesThat().resideInAPackage("org.kohsuke.github..")
        .check(ACS);
  }
}
