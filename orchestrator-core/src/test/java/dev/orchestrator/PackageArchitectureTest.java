package dev.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The package table of docs/architecture.md, row by row: every package of the module is listed and
 * uses only what its row allows ({@link ModuleExportsTest} checks the table's exports). Each package is
 * checked on its own (a rule for {@code plan} says nothing about a sub-package {@code plan.x}, which
 * needs a row of its own), so no sub-package can hide a dependency.
 */
class PackageArchitectureTest {

  private static JavaClasses classes;
  private static ArchitectureTable table;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ArchitectureTable.ROOT);
    table = ArchitectureTable.read();
  }

  @Test
  void table_listsEveryPackageOfTheModule() {
    Set<String> packages = classes.stream().map(JavaClass::getPackageName)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(table.rows().keySet()).as("the packages of docs/architecture.md's table")
        .containsExactlyInAnyOrderElementsOf(packages);
  }

  @Test
  void table_allowsOnlyPackagesItLists() {
    table.rows().values().forEach(row -> assertThat(table.rows().keySet())
        .as("the packages %s may use", row.name()).containsAll(row.packages()));
  }

  @TestFactory
  Stream<DynamicTest> package_usesOnlyWhatItsRowAllows() {
    return table.rows().values().stream().map(row -> DynamicTest.dynamicTest(row.name(), () -> {
      List<String> allowed = new ArrayList<>(row.libraries());
      allowed.add(row.name());
      allowed.addAll(row.packages());
      if (row.everyPackage()) {
        allowed.add(ArchitectureTable.ROOT + "..");
      }
      classes().that().resideInAPackage(row.name())
          .should().onlyDependOnClassesThat().resideInAnyPackage(allowed.toArray(String[]::new))
          .allowEmptyShould(true)
          .check(classes);
    }));
  }

  /** One slice per package, sub-packages included, so that a cycle between a package and its sub-package shows. */
  @Test
  void packages_freeOfCycles() {
    slices().assignedFrom(new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        return SliceIdentifier.of(javaClass.getPackageName());
      }

      @Override
      public String getDescription() {
        return "one slice per package";
      }
    }).should().beFreeOfCycles().check(classes);
  }

  @Test
  void parse_unknownWordInMayUse_namesThePackageAndTheWord() {
    List<String> doc = List.of(ArchitectureTable.HEADING, "| Package | Exported | Holds | May use |",
        "|---|---|---|---|", "| `dev.orchestrator.task` | yes | the vocabulary | JDK, plan |");
    assertThatThrownBy(() -> ArchitectureTable.parse(doc)).hasMessage("package dev.orchestrator.task: 'plan'"
        + " in its may-use cell is neither a `package`, 'every package' nor one of the libraries "
        + ArchitectureTable.LIBRARIES.keySet());
  }

  @Test
  void parse_row_readsPackagesAndLibraries() {
    List<String> doc = List.of(ArchitectureTable.HEADING, "| Package | Exported | Holds | May use |",
        "|---|---|---|---|", "| `dev.orchestrator.plan` | no | plans, `Plan` | `task`, `graph`; JDK, Guava |",
        "", "## Next");
    ArchitectureTable.Row row = ArchitectureTable.parse(doc).rows().get("dev.orchestrator.plan");
    assertThat(row).isEqualTo(new ArchitectureTable.Row("dev.orchestrator.plan", false, false,
        Set.of("dev.orchestrator.task", "dev.orchestrator.graph"),
        List.of("java..", "javax..", "jdk..", "com.sun..", "com.google.common..")));
  }

  /** Hazelcast is an optional dependency: only the cluster package may load it. */
  @Test
  void hazelcast_usedOnlyByTheClusterPackage() {
    noClasses().that().resideOutsideOfPackage("dev.orchestrator.cluster..")
        .should().dependOnClassesThat().resideInAPackage("com.hazelcast..")
        .check(classes);
  }

  /** Nothing else in the library imports the cluster package (it uses them; they never use it). */
  @Test
  void cluster_importedByNoOtherPackage() {
    noClasses().that().resideOutsideOfPackage("dev.orchestrator.cluster..")
        .should().dependOnClassesThat().resideInAPackage("dev.orchestrator.cluster..")
        .check(classes);
  }
}
