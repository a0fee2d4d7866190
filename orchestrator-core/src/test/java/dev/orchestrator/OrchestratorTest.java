package dev.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.run.Run;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OrchestratorTest {

  private static Workflow workflow(AtomicInteger counter) {
    return Workflow.named("deploy v2")
        .task("backup", t -> t.critical().estimate(Duration.ofMinutes(2)).run(ctx -> counter.incrementAndGet()))
        .forEach("deploy", List.of("eu-1", "eu-2", "us-1"), (server, t) -> t
            .estimate(Duration.ofMinutes(3)).run(ctx -> counter.incrementAndGet()))
        .after("backup")
        .task("report", t -> t.after("deploy").run(ctx -> counter.incrementAndGet()))
        .build();
  }

  @Test
  void plan_attachesAPreviewWithSimulatedEstimates() {
    try (Orchestrator orchestrator = Orchestrator.builder().build()) {
      Plan plan = orchestrator.plan(workflow(new AtomicInteger()));
      assertThat(plan.preview()).isPresent();
      assertThat(plan.preview().get().agents()).isEqualTo(3);
      assertThat(plan.preview().get().waves().estimateSource()).isEqualTo("simulated");
      assertThat(plan.preview().get().waves().estimatedTime()).isEqualTo(Duration.ofSeconds(301)); // 2 + 3 min + 1 s (default)
      assertThat(plan.explain()).contains("Placeholder until the auto-scaler is available");
    }
  }

  @Test
  void agents_isHonouredExactly() {
    try (Orchestrator orchestrator = Orchestrator.builder().agents(7).build()) {
      Plan plan = orchestrator.plan(workflow(new AtomicInteger()));
      assertThat(plan.preview().get().agents()).isEqualTo(7);
      assertThat(plan.explain()).contains("User override: 7 agents, honoured exactly");
      RunReport report = orchestrator.run(plan);
      assertThat(report.pool().agentsCreated()).isEqualTo(7);
    }
  }

  @Test
  void run_blocksUntilEveryTaskHasEnded() {
    AtomicInteger counter = new AtomicInteger();
    try (Orchestrator orchestrator = Orchestrator.builder().agents(2).build()) {
      RunReport report = orchestrator.run(workflow(counter));
      assertThat(report.isSuccess()).isTrue();
      assertThat(counter).hasValue(5);
    }
  }

  @Test
  void runAsync_returnsTheLiveHandle() throws Exception {
    try (Orchestrator orchestrator = Orchestrator.builder().build()) {
      Run run = orchestrator.runAsync(orchestrator.plan(workflow(new AtomicInteger())));
      RunReport report = run.await();
      assertThat(run.isDone()).isTrue();
      assertThat(run.succeeded()).isEqualTo(5);
      assertThat(report.taskCount()).isEqualTo(5);
    }
  }

  @Test
  void builder_validatesAtOnce() {
    assertThatThrownBy(() -> Orchestrator.builder().agents(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("agents must be >= 1: 0");
    assertThatThrownBy(() -> Orchestrator.builder().listener(null))
        .isInstanceOf(NullPointerException.class).hasMessage("listener cannot be null");
    assertThatThrownBy(() -> Orchestrator.builder().agingInterval(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("ageing interval cannot be negative: PT-1S");
    assertThatThrownBy(() -> Orchestrator.builder().spawnDepth(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("spawn depth cannot be negative: -1");
    assertThatThrownBy(() -> Orchestrator.builder().agentFactory(null))
        .isInstanceOf(NullPointerException.class).hasMessage("agent factory cannot be null");
    assertThatThrownBy(() -> Orchestrator.builder().eventBuffer(3))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("event buffer must be >= 16: 3");
  }

  @Test
  void runAsync_afterCloseIsRejected() {
    Orchestrator orchestrator = Orchestrator.builder().build();
    orchestrator.close();
    Plan plan = workflow(new AtomicInteger()).plan();
    assertThatThrownBy(() -> orchestrator.runAsync(plan))
        .isInstanceOf(IllegalStateException.class).hasMessage("the orchestrator is closed");
  }
}
