package dev.orchestrator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.resource.Resource;
import dev.orchestrator.resource.ResourceSnapshot;
import dev.orchestrator.run.Engine;
import dev.orchestrator.run.FailureAdaptation;
import dev.orchestrator.run.ResourcePressure;
import dev.orchestrator.run.RunOptions;
import dev.orchestrator.task.TaskSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.json carries a run's failure analyses, resource alerts, stalls and compensations. */
class ResilienceReportTest {

  @TempDir
  Path dir;

  @Test
  void reportJson_listsAnalysesAlertsStallsAndCompensations_asDocumented() throws Exception {
    CountDownLatch stalled = new CountDownLatch(1);
    Plan.Builder plan = Plan.builder("resilience");
    // A quiet first task, flagged as stalled; then successes with compensations; then an outage.
    plan.add(TaskSpec.builder("quiet").stallTimeout(Duration.ofMillis(20))
        .run(ctx -> stalled.await(20, TimeUnit.SECONDS)).build());
    for (int i = 0; i < 6; i++) {
      plan.add(TaskSpec.builder("ok-" + i).after("quiet").compensate(ctx -> {
        if (ctx.taskId().equals("ok-3")) {
          throw new IllegalStateException("cannot undo ok-3");
        }
      }).run(ctx -> {}).build());
    }
    for (int i = 0; i < 6; i++) {
      plan.add(TaskSpec.builder("down-" + i).after("ok-5").run(ctx -> {
        throw new IOException("registry unreachable");
      }).build());
    }
    RunReport report = Engine.start(plan.build(), RunOptions.builder().agents(1)
        .failureAdaptation(FailureAdaptation.builder().window(8).minSample(8).minFailures(2)
            .systematic(0.9, 2).build())
        .resourcePressure(ResourcePressure.builder().interval(Duration.ofMillis(2))
            .probe(wanted -> ResourceSnapshot.builder().cpuCores(1).memory(100, 1)
                .utilization(Resource.MEMORY, 0.99).build())
            .build())
        .listener(e -> {
          if (e instanceof RunEvent.TaskStalled) {
            stalled.countDown();
          }
        }).build()).await(Duration.ofSeconds(20)).orElseThrow();
    RunFiles.writeReport(report, dir);
    JsonNode json = ReportFormat.check("report.json", dir.resolve(RunFiles.REPORT_JSON));
    assertThat(json.get("failureAnalyses")).isNotEmpty();
    assertThat(json.get("failureAnalyses").get(0).get("classification").asText()).isEqualTo("systematic");
    assertThat(json.get("resourceAlerts")).isNotEmpty();
    assertThat(json.get("stalls").get(0).get("task").asText()).isEqualTo("quiet");
    // ok-5 ran first (the outage tasks wait for it: the longest path), so it is undone last.
    assertThat(json.get("compensations")).extracting(c -> c.get("task").asText())
        .containsExactly("ok-4", "ok-3", "ok-2", "ok-1", "ok-0", "ok-5");
    assertThat(json.get("compensations").get(1).get("error").asText())
        .isEqualTo("IllegalStateException: cannot undo ok-3");
    assertThat(json.get("compensations").get(0).get("error").isNull()).isTrue();
  }
}
