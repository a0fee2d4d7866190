package dev.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.plan.Plan;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module exports exactly the packages docs/architecture.md's table marks exported: a stray export
 * (of an internal package) fails, and so does a table that says otherwise.
 */
class ModuleExportsTest {

  private static ModuleDescriptor descriptor() throws URISyntaxException {
    // The compiled main classes: target/classes, an exploded module with its module-info.class.
    Path classes = Path.of(Plan.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return ModuleFinder.of(classes).find("dev.orchestrator").orElseThrow().descriptor();
  }

  @Test
  void exports_exactlyTheTablesExportedPackages() throws URISyntaxException {
    ModuleDescriptor module = descriptor();
    assertThat(module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
        .as("the packages docs/architecture.md's table marks exported")
        .containsExactlyInAnyOrderElementsOf(packages(true));
    assertThat(module.exports()).noneMatch(ModuleDescriptor.Exports::isQualified);
    assertThat(module.opens()).isEmpty();
  }

  @Test
  void packages_internalOnesStayHidden() throws URISyntaxException {
    ModuleDescriptor module = descriptor();
    List<String> hidden = packages(false);
    assertThat(hidden).isNotEmpty();
    assertThat(module.packages()).containsAll(hidden);
    assertThat(module.exports()).noneMatch(e -> hidden.contains(e.source()));
  }

  private static List<String> packages(boolean exported) {
    return ArchitectureTable.read().rows().values().stream().filter(row -> row.exported() == exported)
        .map(ArchitectureTable.Row::name).toList();
  }
}
