package dev.orchestrator.examples.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.examples.scenarios.RefactorScenario.Refactoring;
import dev.orchestrator.plan.ExecutionMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefactorScenarioTest {

  @TempDir
  Path dir;

  @Test
  void run_swarm_everyFileRewrittenToTheStandardWithTheSameCode() throws Exception {
    var run = ScenarioHarness.<Refactoring>run(new RefactorScenario(), ScenarioHarness.settings(dir).withSize(12));
    Refactoring refactoring = run.prepared();

    assertThat(run.result().plan().mode()).isEqualTo(ExecutionMode.SWARM);
    assertThat(refactoring.originals()).hasSize(12);
    for (Map.Entry<String, String> original : refactoring.originals().entrySet()) {
      String now = Files.readString(refactoring.root().resolve(original.getKey()));
      assertThat(PythonStyle.violations(original.getValue())).as(original.getKey()).isNotEmpty();
      assertThat(PythonStyle.violations(now)).as(original.getKey()).isEmpty();
      assertThat(PythonStyle.sameCode(original.getValue(), now)).as(original.getKey()).isTrue();
      assertThat(now).doesNotContain("\t").doesNotContain("== None").contains("\n\n\ndef ");
    }
    assertThat(dir.resolve("refactor-report.json")).content().contains("\"violationsLeft\" : 0");
    assertThat(run.result().passed()).as(run.output()).isTrue();
  }
}
