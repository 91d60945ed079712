package dev.acs.github;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract the rest of ACS sees (RepoGitHub, its records, GitHubException) shows no hub4j type,
 * so callers never need one. (That only dev.acs.github uses hub4j at all is checked by
 * dev.acs.architecture.PackageBoundariesTest.)
 */
class GitHubBoundaryTest {
  @Test
  void theRepoGitHubContractExposesNoHub4jType() {
    List<Class<?>> contract = new ArrayList<>(List.of(RepoGitHub.class, GitHubException.class));
    contract.addAll(List.of(RepoGitHub.class.getDeclaredClasses()));
    JavaClasses classes = new ClassFileImporter().importClasses(contract);
    noClasses().should().dependOnClassesThat().resideInAPackage("org.kohsuke.github..").check(classes);
  }
}
