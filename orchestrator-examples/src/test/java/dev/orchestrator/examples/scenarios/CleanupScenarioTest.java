package dev.orchestrator.examples.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrator.examples.scenarios.CleanupScenario.Cleanup;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.PlanPreview;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanupScenarioTest {

  @TempDir
  Path dir;

  @BeforeAll
  static void needsGit() {
    assumeTrue(Git.available(), "git is not on the PATH: skipping the clean-up scenario");
  }

  @Test
  void run_default_fiftyAgentsExactlyAndARepositoryCleanedUp() throws Exception {
    var run = ScenarioHarness.<Cleanup>run(new CleanupScenario(), ScenarioHarness.settings(dir));
    RunReport report = run.result().report().orElseThrow();
    CleanupRepository repo = run.prepared().repository();
    Path root = repo.root();

    assertThat(run.result().plan().preview().map(PlanPreview::agents)).hasValue(50);
    assertThat(report.pool().agentsCreated()).isEqualTo(50);
    assertThat(report.pool().peakAgents()).isEqualTo(50);
    assertThat(repo.duplicates().size() + repo.docs().size() + repo.buildFiles().size() + repo.lintFiles().size()
        + repo.refactorFiles().size() + repo.readmes().size()).isEqualTo(85);
    assertThat(report.taskCount()).isEqualTo(85 + 1 + 3 + 5 + 1);
    assertThat(report.isSuccess()).as(run.output()).isTrue();

    for (String duplicate : repo.duplicates()) {
      assertThat(root.resolve(duplicate)).doesNotExist();
    }
    assertThat(CleanupRepository.identicalFiles(root)).isEmpty();
    for (String doc : repo.docs()) {
      assertThat(root.resolve(doc)).doesNotExist();
    }
    assertThat(root.resolve("docs/coding-guide.md")).content()
        .isEqualTo("# Coding guide\n\nTwo spaces, no tabs, explicit imports.\n\n_Moved from `misc/CODING_GUIDE.txt`._\n");
    for (String source : repo.lintFiles()) {
      assertThat(Files.readString(root.resolve(source))).isEqualTo(repo.cleanSource(source));
    }
    for (String source : repo.refactorFiles()) {
      assertThat(Files.readString(root.resolve(source))).contains("import com.acme.shared.Checks;\n")
          .contains("    Checks.requireNonBlank(key, \"key\");\n").doesNotContain("private static String requireNonBlank");
    }
    for (String build : repo.buildFiles()) {
      assertThat(CleanupRepository.dependencies(root.resolve(build))).isEqualTo(CleanupRepository.CURRENT_VERSIONS);
    }
    for (String readme : repo.readmes()) {
      assertThat(CleanupRepository.brokenLinks(root, readme)).as(readme).isEmpty();
    }
    assertThat(Files.readString(root.resolve("README.md"))).contains("- [Setup](docs/setup.md)\n")
        .doesNotContain("setup-copy");
    assertThat(Git.run(root, "log", "--format=%s")).startsWith("Clean up: 20 duplicates removed")
        .endsWith("Backup before cleanup\n");
    assertThat(Git.run(root, "status", "--porcelain")).isEmpty();
    assertThat(run.result().passed()).as(run.output()).isTrue();
  }

  @Test
  void run_agentsOption_honouredExactly() throws Exception {
    var run = ScenarioHarness.<Cleanup>run(new CleanupScenario(), ScenarioHarness.settings(dir).withAgents(7));
    RunReport report = run.result().report().orElseThrow();
    assertThat(report.pool().agentsCreated()).isEqualTo(7);
    assertThat(run.output()).contains("User override: 7 agents").contains("✓ 7 agents as requested");
    assertThat(run.result().passed()).as(run.output()).isTrue();
  }

  @Test
  void run_candidateChangedAfterTheScan_keptAndNothingCommitted() throws Exception {
    // A "duplicate" that is not byte-identical: the scan does not confirm it, so it stays.
    var run = ScenarioHarness.<Cleanup>run(new CleanupScenario(), ScenarioHarness.settings(dir).withAgents(8),
        cleanup -> Files.writeString(cleanup.repository().root().resolve("wiki/Deploying-copy.md"), "edited\n"),
        cleanup -> { });
    RunReport report = run.result().report().orElseThrow();
    Path root = run.prepared().repository().root();

    String dedupe = report.ids(TaskState.FAILED).get(0);
    assertThat(report.ids(TaskState.FAILED)).hasSize(1);
    assertThat(report.task(dedupe).cause()).hasValueSatisfying(cause -> assertThat(cause)
        .endsWith("wiki/Deploying-copy.md is not a byte-identical copy of any other file; kept"));
    assertThat(root.resolve("wiki/Deploying-copy.md")).hasContent("edited");
    assertThat(report.state("commit")).isEqualTo(TaskState.SKIPPED);
    assertThat(Git.run(root, "log", "--format=%s")).isEqualTo("Backup before cleanup\n");
    assertThat(run.result().passed()).isFalse();
  }
}
