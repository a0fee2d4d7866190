package dev.orchestrator.examples.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.ImportOptions;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.StgFormat;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StgScenarioTest {

  private static final String STG = """
      3
      0 0 0
      1 4 1 0
      2 2 1 0
      3 5 2 1 2
      4 0 1 3
      """;

  @TempDir
  Path dir;

  @Test
  void run_sleepsEachTaskItsDurationInDependencyOrder() throws Exception {
    Plan graph = StgFormat.read(new StringReader(STG), "small.stg", ImportOptions.defaults());
    var run = ScenarioHarness.run(new StgScenario(graph, "small.stg", Duration.ofMillis(20)),
        ScenarioHarness.settings(dir));
    RunReport report = run.result().report().orElseThrow();

    assertThat(run.result().plan().durationOf("1")).isEqualTo(Duration.ofMillis(80));
    assertThat(run.result().plan().analysis().criticalPathLength()).isEqualTo(Duration.ofMillis(180));
    assertThat(report.makespan()).isGreaterThanOrEqualTo(Duration.ofMillis(180));
    var t1 = report.task("1");
    var t3 = report.task("3");
    assertThat(t1.finished().orElseThrow().minus(t1.started().orElseThrow())).isGreaterThanOrEqualTo(Duration.ofMillis(80));
    assertThat(t3.started().orElseThrow()).isGreaterThanOrEqualTo(t1.finished().orElseThrow());
    assertThat(Files.readAllLines(dir.resolve("timeline.csv"))).hasSize(1 + 3).first()
        .isEqualTo("task,duration_ms,start_ms,finish_ms,agent");
    assertThat(run.output()).contains("Makespan: real ").contains(", simulated 180 ms");
    assertThat(run.result().passed()).as(run.output()).isTrue();
  }
}
