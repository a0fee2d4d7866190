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

/** The module exports exactly the API packages: a stray export (of an internal package) fails. */
class ModuleExportsTest {

  private static ModuleDescriptor descriptor() throws URISyntaxException {
    // The compiled main classes: target/classes, an exploded module with its module-info.class.
    Path classes = Path.of(Plan.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return ModuleFinder.of(classes).find("dev.orchestrator").orElseThrow().descriptor();
  }

  @Test
  void exports_exactlyTheApiPackages() throws URISyntaxException {
    ModuleDescriptor module = descriptor();
    assertThat(module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("dev.orchestrator", "dev.orchestrator.task", "dev.orchestrator.plan",
            "dev.orchestrator.sim", "dev.orchestrator.run", "dev.orchestrator.observe",
            "dev.orchestrator.resource", "dev.orchestrator.history", "dev.orchestrator.scale");
    assertThat(module.exports()).noneMatch(ModuleDescriptor.Exports::isQualified);
    assertThat(module.opens()).isEmpty();
  }

  @Test
  void packages_internalOnesStayHidden() throws URISyntaxException {
    ModuleDescriptor module = descriptor();
    List<String> hidden = List.of("dev.orchestrator.schedule", "dev.orchestrator.graph",
        "dev.orchestrator.internal");
    assertThat(module.packages()).containsAll(hidden);
    assertThat(module.exports()).noneMatch(e -> hidden.contains(e.source()));
  }
}
