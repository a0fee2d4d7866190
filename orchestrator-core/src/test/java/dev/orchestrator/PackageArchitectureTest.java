package dev.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package layering of docs/architecture.md. */
class PackageArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.orchestrator");
  }

  @Test
  void subpackages_freeOfCycles() {
    slices().matching("dev.orchestrator.(*)..").should().beFreeOfCycles().check(classes);
  }

  /** The root is the public face and may use every package; no package below it uses it. */
  @Test
  void subpackages_doNotUseTheRoot() {
    noClasses().that().resideInAPackage("dev.orchestrator.*..")
        .should().dependOnClassesThat().resideInAPackage("dev.orchestrator")
        .check(classes);
  }

  @Test
  void task_usesOnlyTheJdk() {
    classes().that().resideInAPackage("dev.orchestrator.task..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("dev.orchestrator.task..", "java..")
        .check(classes);
  }

  @Test
  void plan_usesTaskGraphScheduleInternalJdkGuavaAndJackson() {
    classes().that().resideInAPackage("dev.orchestrator.plan..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("dev.orchestrator.plan..",
            "dev.orchestrator.task..", "dev.orchestrator.graph..", "dev.orchestrator.schedule..",
            "dev.orchestrator.internal..", "java..", "com.google.common..",
            "com.fasterxml.jackson..")
        .check(classes);
  }

  @Test
  void schedule_usesOnlyGraphTaskAndTheJdk() {
    classes().that().resideInAPackage("dev.orchestrator.schedule..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("dev.orchestrator.schedule..",
            "dev.orchestrator.graph..", "dev.orchestrator.task..", "java..")
        .check(classes);
  }

  @Test
  void graph_usesOnlyTaskAndTheJdk() {
    classes().that().resideInAPackage("dev.orchestrator.graph..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("dev.orchestrator.graph..",
            "dev.orchestrator.task..", "java..")
        .check(classes);
  }

  @Test
  void internal_usesOnlyTheJdk() {
    classes().that().resideInAPackage("dev.orchestrator.internal..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("dev.orchestrator.internal..",
            "java..")
        .check(classes);
  }
}
