package dev.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.resource.ResourceProbe;
import dev.orchestrator.resource.ResourceSnapshot;
import dev.orchestrator.run.AgentFactory;
import dev.orchestrator.run.Run;
import dev.orchestrator.scale.BindingLimit;
import dev.orchestrator.scale.CostModel;
import dev.orchestrator.scale.ScalingDecision;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OrchestratorTest {

  /** A fixed machine and fixed costs, so that no decision depends on the machine the test runs on. */
  private static Orchestrator.Builder fixedMachine() {
    return Orchestrator.builder()
        .probe(ResourceProbe.fixed(ResourceSnapshot.builder()
            .cpuCores(8).memory(16L << 30, 12L << 30).build()))
        .costs(CostModel.builder().agentStartup(Duration.ofMillis(1))
            .taskDispatch(Duration.ofNanos(200)).contention(0, 1).build());
  }

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
    try (Orchestrator orchestrator = fixedMachine().build()) {
      Plan plan = orchestrator.plan(workflow(new AtomicInteger()));
      assertThat(plan.preview()).isPresent();
      assertThat(plan.preview().get().agents()).isEqualTo(3);
      assertThat(plan.preview().get().waves().estimateSource()).isEqualTo("simulated");
      assertThat(plan.preview().get().waves().estimatedTime()).isEqualTo(Duration.ofSeconds(301)); // 2 + 3 min + 1 s (default)
      assertThat(plan.explain()).contains(orchestrator.scale(plan).explanation().text());
    }
  }

  @Test
  void scale_decidesWithTheAutoScaler() {
    try (Orchestrator orchestrator = fixedMachine().build()) {
      Plan plan = orchestrator.plan(workflow(new AtomicInteger()));
      ScalingDecision decision = orchestrator.scale(plan);
      assertThat(decision.agents()).isEqualTo(3);
      assertThat(decision.bindingLimit()).isEqualTo(BindingLimit.DEPENDENCIES);
      assertThat(plan.preview().get().agents()).isEqualTo(decision.agents());
    }
  }

  @Test
  void agentFactory_declaredStartupCostReachesTheScaler() {
    // Three 3-minute tasks side by side: worth three agents when an agent costs a millisecond to
    // start, not when each one costs ten minutes.
    AgentFactory<Void> expensive = new AgentFactory<>() {
      @Override
      public Void create(dev.orchestrator.run.AgentInfo agent) {
        return null;
      }

      @Override
      public Optional<Duration> startupCost() {
        return Optional.of(Duration.ofMinutes(10));
      }
    };
    try (Orchestrator orchestrator = Orchestrator.builder()
        .probe(ResourceProbe.fixed(ResourceSnapshot.builder()
            .cpuCores(8).memory(16L << 30, 12L << 30).build()))
        .agentFactory(expensive)
        .build()) {
      ScalingDecision decision = orchestrator.scale(workflow(new AtomicInteger()).plan());
      assertThat(decision.agents()).isEqualTo(1);
      assertThat(decision.bindingLimit()).isEqualTo(BindingLimit.OVERHEAD);
    }
  }

  @Test
  void agents_isHonouredExactly() {
    try (Orchestrator orchestrator = fixedMachine().agents(7).build()) {
      Plan plan = orchestrator.plan(workflow(new AtomicInteger()));
      assertThat(plan.preview().get().agents()).isEqualTo(7);
      assertThat(plan.explain()).contains("7 agents, honoured exactly");
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
    try (Orchestrator orchestrator = fixedMachine().build()) {
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

  @Test
  void builder_reachesEveryRunOptionThroughTheSharedSettings() {
    java.nio.file.Path dir = java.nio.file.Path.of("runs", "x");
    dev.orchestrator.run.RunOptions options = Orchestrator.builder()
        .reportFiles(false).everyManifest(true).runDirectory(dir).journal(true)
        .journalSync(dev.orchestrator.run.JournalSync.never()).spawnDepth(5).platformThreads()
        .failurePolicy(dev.orchestrator.run.FailurePolicy.FAIL_FAST).build().options();
    assertThat(options.reportFiles()).isFalse();
    assertThat(options.everyManifest()).isTrue();
    assertThat(options.runDirectory()).contains(dir);
    assertThat(options.journal()).isTrue();
    assertThat(options.journalSync()).isEqualTo(dev.orchestrator.run.JournalSync.never());
    assertThat(options.spawnDepth()).isEqualTo(5);
    assertThat(options.threads()).isEqualTo(dev.orchestrator.run.AgentThreads.PLATFORM);
    assertThat(options.failurePolicy()).isEqualTo(dev.orchestrator.run.FailurePolicy.FAIL_FAST);
    // Every public setting of RunOptions.Builder is a method of Orchestrator.Builder, inherited.
    for (java.lang.reflect.Method m : dev.orchestrator.run.RunOptions.Builder.class.getMethods()) {
      if (m.getDeclaringClass() == dev.orchestrator.run.RunOptions.Settings.class) {
        assertThat(Orchestrator.Builder.class.getMethods()).extracting(java.lang.reflect.Method::getName)
            .contains(m.getName());
      }
    }
  }

  @Test
  void builder_journalWithoutARunDirectory() {
    assertThatThrownBy(() -> Orchestrator.builder().journal(true).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a journal needs a run directory: set runDirectory(directory) as well");
  }

  @Test
  void options_builtTwiceFromOneBuilderDoNotShareListeners() {
    dev.orchestrator.run.RunOptions.Builder b = dev.orchestrator.run.RunOptions.builder()
        .listener(event -> { });
    dev.orchestrator.run.RunOptions first = b.build();
    dev.orchestrator.run.RunOptions second = b.listener(event -> { }).build();
    assertThat(first.listeners()).hasSize(1);
    assertThat(second.listeners()).hasSize(2);
    assertThat(second.toBuilder().listener(event -> { }).build().listeners()).hasSize(3);
    assertThat(second.listeners()).hasSize(2);
    assertThatThrownBy(() -> first.listeners().add(event -> { }))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
