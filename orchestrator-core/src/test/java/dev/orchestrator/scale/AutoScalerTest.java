package dev.orchestrator.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.Workflow;
import dev.orchestrator.history.ExecutionHistory;
import dev.orchestrator.history.PastRun;
import dev.orchestrator.plan.ExecutionMode;
import dev.orchestrator.plan.Explanation;
import dev.orchestrator.plan.MakespanEstimator;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.resource.RateLimit;
import dev.orchestrator.resource.Resource;
import dev.orchestrator.resource.ResourceProbe;
import dev.orchestrator.resource.ResourceSnapshot;
import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AutoScalerTest {

  private static final Capacity MACHINE = Capacity.builder().cpuCores(4).memory(16L << 30)
      .diskIops(10_000).build();
  private static final CostModel ONE_SECOND = costs(Duration.ofSeconds(1));
  private static final CostModel FREE = costs(Duration.ZERO);

  private static CostModel costs(Duration startup) {
    return CostModel.builder().agentStartup(startup).taskDispatch(Duration.ZERO).contention(0, 1)
        .build();
  }

  private static AutoScaler.Builder scaler() {
    return AutoScaler.builder().capacity(MACHINE).costs(ONE_SECOND).serviceLoading(false)
        .probe(wanted -> {
          throw new AssertionError("the probe must not be asked: everything is configured");
        });
  }

  private static Plan independent(int n, TaskType type, Duration each) {
    return Workflow.named(n + " " + type).forEach("t", TableScenarios.range(n),
        (i, t) -> t.type(type).estimate(each).run(ctx -> { })).build().plan();
  }

  @Test
  void scale_roiIsTimeSavedOverOverhead() {
    ScalingDecision d = scaler().build().scale(independent(10, TaskType.GENERAL,
        Duration.ofMinutes(1)));
    assertThat(d.agents()).isEqualTo(10);
    assertThat(d.bindingLimit()).isEqualTo(BindingLimit.TASK_COUNT);
    assertThat(d.predictedTime()).isEqualTo(Duration.ofSeconds(70));
    assertThat(d.sequentialTime()).isEqualTo(Duration.ofMinutes(10));
    assertThat(d.overhead()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.roi()).isEqualTo(53.0); // (600 − 70) ÷ 10
    assertThat(d.speedUp()).isEqualTo(600.0 / 70);
    assertThat(d.explanation().lines())
        .contains("ROI = time saved ÷ overhead = 8.8 min ÷ 10 s = 53.0× (GOOD)");
  }

  @Test
  void scale_noOverheadInfiniteRoi() {
    ScalingDecision d = scaler().costs(FREE).build().scale(independent(4, TaskType.GENERAL,
        Duration.ofSeconds(1)));
    assertThat(d.roi()).isInfinite();
  }

  @Test
  void scale_explanationPhases() {
    Plan plan = Workflow.named("renames").goal("Rename 100 image files")
        .forEach("rename", TableScenarios.range(100), (i, t) -> t.type(TaskType.FILE_IO)
            .estimate(Duration.ofSeconds(3)).run(ctx -> { }))
        .build().plan();
    Explanation e = scaler().build().scale(plan).explanation();
    assertThat(e.text()).isEqualTo("Scaling calculation");
    assertThat(e.children()).extracting(Explanation::text).containsExactly(
        "Goal (read by keyword rules, not understood): \"Rename 100 image files\"",
        "Graph", "Capacity", "Coordination overhead", "Caps", "Search",
        "Decision: 17 agents — binding limit OVERHEAD (the coordination overhead)");
  }

  @Test
  void scale_overrideExact() {
    Plan plan = independent(10, TaskType.GENERAL, Duration.ofMinutes(1));
    ScalingDecision d = scaler().build().scale(plan, 7);
    assertThat(d.agents()).isEqualTo(7);
    assertThat(d.recommendedAgents()).isEqualTo(10);
    assertThat(d.bindingLimit()).isEqualTo(BindingLimit.USER_OVERRIDE);
    assertThat(d.warnings()).isEmpty();
    assertThat(scaler().agents(3).build().scale(plan).agents()).isEqualTo(3);
  }

  @Test
  void scale_overrideAboveSafeCapacityWarnsWithRecommendation() {
    Plan plan = independent(100, TaskType.COMPUTATION, Duration.ofSeconds(10));
    ScalingDecision d = scaler().build().scale(plan, 10);
    assertThat(d.agents()).isEqualTo(10);
    assertThat(d.recommendedAgents()).isEqualTo(4);
    assertThat(d.warnings()).containsExactly("requested 10 agents exceed the safe capacity of 4"
        + " (the CPU cores); recommended: 4 agents");
    assertThat(d.explanation().lines()).contains("Warning: requested 10 agents exceed the safe"
        + " capacity of 4 (the CPU cores); recommended: 4 agents");
  }

  @Test
  void scale_absurdOverrides() {
    AutoScaler scaler = scaler().build();
    Plan plan = independent(2, TaskType.GENERAL, Duration.ofSeconds(1));
    assertThatThrownBy(() -> scaler.scale(plan, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("requested agents must be between 1 and 10,000,000: 0");
    assertThatThrownBy(() -> scaler.scale(plan, -5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("requested agents must be between 1 and 10,000,000: -5");
    assertThatThrownBy(() -> scaler.scale(plan, 10_000_001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("requested agents must be between 1 and 10,000,000: 10,000,001");
    assertThatThrownBy(() -> AutoScaler.builder().agents(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("requested agents must be between 1 and 10,000,000: 0");
    assertThat(scaler.scale(plan, 10_000_000).agents()).isEqualTo(10_000_000);
  }

  @Test
  void scale_computationBoundByCores() {
    ScalingDecision d = scaler().build().scale(independent(100, TaskType.COMPUTATION,
        Duration.ofSeconds(10)));
    assertThat(d.agents()).isEqualTo(4);
    assertThat(d.bindingLimit()).isEqualTo(BindingLimit.CPU);
  }

  @Test
  void scale_rateLimitByLittlesLaw() {
    ScalingDecision d = scaler()
        .capacity(Capacity.builder().cpuCores(4).memory(16L << 30)
            .rateLimit("github-api", RateLimit.parse("5000/h")).build())
        .costs(FREE).build()
        .scale(independent(1_000, TaskType.API_CALL, Duration.ofMinutes(5)));
    // The cap is 416 (1.39/s × 300 s); 334 agents already finish in the same 3 rounds of calls.
    assertThat(d.agents()).isEqualTo(334);
    assertThat(d.bindingLimit()).isEqualTo(BindingLimit.RATE_LIMIT);
    assertThat(d.explanation().lines()).contains("Ceiling: 416 agents (a rate limit)");
  }

  @Test
  void scale_memoryBound() {
    ScalingDecision d = scaler()
        .capacity(Capacity.builder().cpuCores(4).memory(64L << 20).build())
        .costs(FREE).build()
        .scale(independent(1_000, TaskType.GENERAL, Duration.ofSeconds(1)));
    // 64 MiB ÷ 1 MiB = 64; 63 agents already need the same 16 rounds.
    assertThat(d.agents()).isEqualTo(63);
    assertThat(d.bindingLimit()).isEqualTo(BindingLimit.MEMORY);
  }

  @Test
  void scale_executionModeLimits() {
    Plan swarm = Workflow.named("swarm").mode(ExecutionMode.SWARM)
        .forEach("t", TableScenarios.range(1_000), (i, t) -> t.estimate(Duration.ofMinutes(1))
            .run(ctx -> { })).build().plan();
    ScalingDecision d = scaler().build().scale(swarm);
    assertThat(d.agents()).isEqualTo(50);
    assertThat(d.bindingLimit()).isEqualTo(BindingLimit.CONCURRENCY_LIMIT);
    ScalingDecision over = scaler().build().scale(swarm, 80);
    assertThat(over.agents()).isEqualTo(80);
    assertThat(over.explanation().lines()).contains("The swarm mode runs at most 50 tasks at once");

    Plan sequential = Workflow.named("one by one").mode(ExecutionMode.SEQUENTIAL)
        .forEach("t", TableScenarios.range(10), (i, t) -> t.run(ctx -> { })).build().plan();
    assertThat(scaler().build().scale(sequential).agents()).isEqualTo(1);
  }

  @Test
  void scale_mixedTypesOnOneLevelAddTheirCaps() {
    Plan plan = Workflow.named("mixed")
        .forEach("crunch", TableScenarios.range(100), (i, t) -> t.type(TaskType.COMPUTATION)
            .estimate(Duration.ofMinutes(1)).run(ctx -> { }))
        .forEach("deploy", TableScenarios.range(100), (i, t) -> t.type(TaskType.DEPLOYMENT)
            .estimate(Duration.ofMinutes(1)).run(ctx -> { }))
        .build().plan();
    ScalingDecision d = scaler().costs(FREE)
        .capacity(Capacity.builder().cpuCores(4).memory(16L << 30).connectionLimit(10).build())
        .build().scale(plan);
    assertThat(d.agents()).isEqualTo(14);
    assertThat(d.bindingLimit()).isEqualTo(BindingLimit.CPU);
    assertThat(d.explanation().lines()).contains("Types combined: 14 agents",
        "max over levels of Σ over types of min(type cap, tasks of the type on the level);"
            + " computation costs the most");
  }

  @Test
  void scale_capOfOneLevelDoesNotLimitAnother() {
    Plan plan = Workflow.named("crunch then fan out")
        .forEach("crunch", TableScenarios.range(10), (i, t) -> t.type(TaskType.COMPUTATION)
            .estimate(Duration.ofMinutes(1)).run(ctx -> { }))
        .forEach("notify", TableScenarios.range(1_000), (i, t) -> t.estimate(Duration.ofMinutes(1))
            .run(ctx -> { }))
        .after("crunch")
        .build().plan();
    ScalingDecision d = scaler().costs(FREE).build().scale(plan);
    assertThat(d.agents()).isEqualTo(1_000);
    assertThat(d.bindingLimit()).isEqualTo(BindingLimit.DEPENDENCIES);
  }

  @Test
  void scale_unknownTypeFallsBackToGeneralWithWarning() {
    ScalingDecision d = scaler().costs(FREE).build()
        .scale(independent(20, TaskType.of("llm-call"), Duration.ofSeconds(5)));
    assertThat(d.agents()).isEqualTo(20);
    assertThat(d.warnings()).containsExactly("no scaler is registered for task type 'llm-call'"
        + " (20 tasks): scaled as general work (no resource cap); register one with"
        + " AutoScaler.builder().scaler(TaskType.of(\"llm-call\"), ...) or a"
        + " TaskTypeScalerProvider");
  }

  @Test
  void scale_registeredScaler() {
    ScalingDecision d = scaler().costs(FREE)
        .scaler(TaskType.of("llm-call"), TaskTypeScaler.atMost(3, "3 model replicas"))
        .build().scale(independent(20, TaskType.of("llm-call"), Duration.ofSeconds(5)));
    assertThat(d.agents()).isEqualTo(3);
    assertThat(d.bindingLimit()).isEqualTo(BindingLimit.CUSTOM);
    assertThat(d.warnings()).isEmpty();
    assertThat(d.explanation().lines()).contains(
        "llm-call (20 tasks, registered on the builder): 3 agents [CUSTOM]", "3 model replicas");
  }

  @Test
  void scale_failingScaler() {
    AutoScaler scaler = scaler().scaler(TaskType.of("llm-call"), (work, capacity, costs) -> {
      throw new IllegalStateException("boom");
    }).build();
    assertThatThrownBy(() -> scaler.scale(independent(2, TaskType.of("llm-call"),
        Duration.ofSeconds(1))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the scaler for task type 'llm-call' (registered on the builder) failed: boom");
  }

  @Test
  void scale_pluggedEstimatorGridWithinBudget() {
    Plan plan = independent(2_000, TaskType.GENERAL, Duration.ofSeconds(1));
    AtomicInteger calls = new AtomicInteger();
    MakespanEstimator rounds = (p, n) -> {
      calls.incrementAndGet();
      return Duration.ofSeconds((2_000 + n - 1) / n); // ⌈N ÷ n⌉ rounds of 1 s
    };
    CostModel costs = costs(Duration.ofMillis(10));
    ScalingDecision exact = scaler().costs(costs).build().scale(plan);
    ScalingDecision grid = scaler().costs(costs).estimator(rounds).estimatorBudget(20).build()
        .scale(plan);

    assertThat(grid.predictedTime().toNanos())
        .isLessThanOrEqualTo(Math.round(exact.predictedTime().toNanos() * 1.02));
    // Within the grid's resolution (ratio 1.25): the time is a saw-tooth of whole rounds.
    assertThat(grid.agents()).isBetween(exact.agents() * 4 / 5, exact.agents() * 5 / 4);
    int grid1To2000 = 8 + (int) Math.ceil(Math.log(2_000 / 8.0) / Math.log(1.25)) + 1;
    assertThat(calls.get()).isLessThanOrEqualTo(grid1To2000 + 20); // the explanation reuses them
    assertThat(grid.explanation().lines()).anySatisfy(line ->
        assertThat(line).startsWith("Geometric grid from 1 to 2,000 (ratio 1.25), refined: "));
  }

  @Test
  void scale_withTheSimulatorAsEstimator() {
    Plan plan = independent(200, TaskType.FILE_IO, Duration.ofSeconds(30));
    ScalingDecision bound = scaler().build().scale(plan);
    ScalingDecision simulated = scaler().estimator(dev.orchestrator.sim.Simulator.create()).build()
        .scale(plan);
    // Equal independent tasks: the simulator's list schedule is ⌈N ÷ n⌉ rounds, as the bound says.
    assertThat(simulated.agents()).isBetween(bound.agents() * 4 / 5, bound.agents() * 5 / 4);
    assertThat(simulated.predictedTime().toNanos())
        .isLessThanOrEqualTo(Math.round(bound.predictedTime().toNanos() * 1.02));
    assertThat(simulated.explanation().lines()).anySatisfy(line ->
        assertThat(line).startsWith("T(n) = the estimator "));
  }

  @Test
  void scale_estimatorFailures() {
    Plan plan = independent(3, TaskType.GENERAL, Duration.ofSeconds(1));
    MakespanEstimator negative = new MakespanEstimator() {
      @Override
      public Duration makespan(Plan p, int agents) {
        return Duration.ofSeconds(-1);
      }

      @Override
      public String toString() {
        return "broken";
      }
    };
    assertThatThrownBy(() -> scaler().estimator(negative).build().scale(plan))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the makespan estimator broken returned PT-1S for 1 agents; it must return a"
            + " duration >= 0");
  }

  @Test
  void scale_probeAskedForDiskOnlyWithFileWork() {
    List<Set<Resource>> asked = new ArrayList<>();
    ResourceProbe probe = wanted -> {
      asked.add(Set.copyOf(wanted));
      return ResourceSnapshot.builder().cpuCores(2).memory(8L << 30, 8L << 30).diskIops(5_000)
          .source(Resource.DISK, "measured: test").build();
    };
    AutoScaler.Builder builder = AutoScaler.builder().costs(FREE).serviceLoading(false).probe(probe);
    builder.build().scale(independent(5, TaskType.GENERAL, Duration.ofSeconds(1)));
    ScalingDecision files = builder.build().scale(independent(5, TaskType.FILE_IO,
        Duration.ofSeconds(1)));
    builder.capacity(Capacity.builder().diskIops(20_000).build()).build()
        .scale(independent(5, TaskType.FILE_IO, Duration.ofSeconds(1)));

    assertThat(asked).containsExactly(
        EnumSet.of(Resource.CPU, Resource.MEMORY),
        EnumSet.of(Resource.CPU, Resource.MEMORY, Resource.DISK),
        EnumSet.of(Resource.CPU, Resource.MEMORY));
    assertThat(files.explanation().lines()).contains("Disk: 5,000 IOPS (measured: test)");
    assertThat(files.capacity().diskIops()).hasValue(5_000);
  }

  @Test
  void scale_historyBestSimilarRunWins() {
    Plan plan = independent(1_000, TaskType.FILE_IO, Duration.ofSeconds(10));
    ExecutionHistory history = ExecutionHistory.of(List.of(
        new PastRun(TaskType.FILE_IO, 900, 90, Duration.ofMinutes(4)),
        new PastRun(TaskType.FILE_IO, 1_100, 220, Duration.ofMinutes(3)),
        new PastRun(TaskType.FILE_IO, 5_000, 10, Duration.ofSeconds(1)),
        new PastRun(TaskType.GENERAL, 1_000, 5, Duration.ofSeconds(1))), Map.of());
    ScalingDecision d = scaler().history(history).build().scale(plan);
    assertThat(d.agents()).isEqualTo(200); // 220 agents for 1,100 tasks, scaled to 1,000
    assertThat(d.bindingLimit()).isEqualTo(BindingLimit.HISTORY);
    assertThat(d.explanation().lines()).contains(
        "History: 2 similar past runs (file-io, size within ±20 %)",
        "Fastest: 1,100 tasks on 220 agents in 3 min",
        "Scaled to 1,000 tasks: 200 agents");
  }

  @Test
  void scale_historyWithoutSimilarRuns() {
    Plan plan = independent(1_000, TaskType.FILE_IO, Duration.ofSeconds(10));
    ExecutionHistory history = ExecutionHistory.of(List.of(
        new PastRun(TaskType.FILE_IO, 5_000, 10, Duration.ofSeconds(1))), Map.of());
    ScalingDecision d = scaler().history(history).build().scale(plan);
    assertThat(d.bindingLimit()).isNotEqualTo(BindingLimit.HISTORY);
    assertThat(d.explanation().lines())
        .contains("History: no past run of file-io work within ±20 % of 1,000 tasks");
  }

  @Test
  void scale_learnedDurationsForTasksWithoutEstimate() {
    Plan plan = Workflow.named("unestimated").forEach("t", TableScenarios.range(100),
        (i, t) -> t.run(ctx -> { })).build().plan();
    ExecutionHistory history = ExecutionHistory.of(List.of(),
        Map.of(TaskType.GENERAL, Duration.ofSeconds(30)));
    ScalingDecision d = scaler().costs(FREE).history(history).build().scale(plan);
    assertThat(d.sequentialTime()).isEqualTo(Duration.ofMinutes(50));
    assertThat(d.predictedTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.explanation().lines())
        .contains("100 tasks without an estimate use durations learned from history");
  }

  @Test
  void scale_goalTypeAppliesToGeneralTasks() {
    Plan plan = Workflow.named("renames").goal("Rename 1 million image files")
        .forEach("t", TableScenarios.range(1_000), (i, t) -> t.estimate(Duration.ofMillis(100))
            .run(ctx -> { }))
        .build().plan();
    ScalingDecision d = scaler().costs(FREE).build().scale(plan);
    assertThat(d.agents()).isEqualTo(1_000); // 10,000 IOPS × 0.1 s = 1,000
    assertThat(d.explanation().lines()).contains(
        "General tasks are scaled as file-io (from the goal)",
        "The goal mentions 1,000,000 items; the plan has 1,000 tasks",
        "file-io (1,000 tasks, built-in): 1,000 agents [DISK_IOPS]");
    ScalingDecision literal = scaler().costs(FREE).goalDefaults(false).build().scale(plan);
    assertThat(literal.explanation().lines()).contains("general (1,000 tasks, built-in): no cap");
  }

  @Test
  void scale_goalAsksForAgents() {
    Plan plan = Workflow.named("cleanup").goal("Clean up this repo using 12 parallel agents")
        .forEach("t", TableScenarios.range(30), (i, t) -> t.estimate(Duration.ofMinutes(1))
            .run(ctx -> { }))
        .build().plan();
    ScalingDecision d = scaler().build().scale(plan);
    assertThat(d.agents()).isEqualTo(12);
    assertThat(d.bindingLimit()).isEqualTo(BindingLimit.USER_OVERRIDE);
    assertThat(d.explanation().lines())
        .contains("Requested by the goal (\"12 … agents\"): 12 agents, honoured exactly");
    assertThat(scaler().build().scale(plan, 5).agents()).isEqualTo(5);
    assertThat(scaler().goalDefaults(false).build().scale(plan).agents()).isEqualTo(30);
  }

  @Test
  void scale_goalNamesCriticalOperationsNoTaskIsCritical() {
    Plan plan = Workflow.named("migrate").goal("Back up the database, then migrate it")
        .task("backup", t -> t.run(ctx -> { }))
        .task("migrate", t -> t.after("backup").run(ctx -> { }))
        .build().plan();
    ScalingDecision d = scaler().build().scale(plan);
    assertThat(d.agents()).isEqualTo(1);
    assertThat(d.warnings()).containsExactly("the goal names [BACKUP, MIGRATION] but no task of"
        + " plan 'migrate' is marked critical; mark them critical so they run alone");
  }

  @Test
  void scale_criticalTasksRunAlone() {
    Plan plan = Workflow.named("deploy")
        .task("backup", t -> t.critical().estimate(Duration.ofMinutes(2)).run(ctx -> { }))
        .forEach("deploy", TableScenarios.range(100), (i, t) -> t.estimate(Duration.ofMinutes(3))
            .run(ctx -> { }))
        .after("backup")
        .build().plan();
    ScalingDecision d = scaler().costs(FREE).build().scale(plan);
    assertThat(d.agents()).isEqualTo(100);
    assertThat(d.predictedTime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.explanation().lines()).anySatisfy(line ->
        assertThat(line).contains("critical tasks (run alone) W_K = 2 min"));
  }

  @Test
  void scale_emptyPlan() {
    ScalingDecision d = scaler().build().scale(Plan.builder("nothing").build());
    assertThat(d.agents()).isEqualTo(1);
    assertThat(d.warnings()).containsExactly("plan 'nothing' has no tasks: one agent, nothing to"
        + " run");
  }

  @Test
  void scale_sameInputsSameDecision() {
    Plan plan = TableScenarios.repositoryCleanup(false);
    ScalingDecision a = scaler().build().scale(plan);
    ScalingDecision b = scaler().build().scale(plan);
    assertThat(a).isEqualTo(b);
    assertThat(a.explanation().render()).isEqualTo(b.explanation().render());
  }

  @Test
  void preview_attachesToThePlan() {
    Plan plan = TableScenarios.bugFix();
    ScalingDecision d = scaler().build().scale(plan);
    String explained = plan.withPreview(d.preview()).explain();
    assertThat(explained).contains("Scaling calculation", "WAVE STRUCTURE (2 agents):",
        "Decision: 2 agents — binding limit DEPENDENCIES");
    assertThat(d.preview().agents()).isEqualTo(2);
  }

  @Test
  void builder_badSettings() {
    assertThatThrownBy(() -> AutoScaler.builder().tolerance(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tolerance must be >= 0 and < 1: 1.0");
    assertThatThrownBy(() -> AutoScaler.builder().tolerance(-0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tolerance must be >= 0 and < 1: -0.1");
    assertThatThrownBy(() -> AutoScaler.builder().estimatorBudget(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("estimator budget must be >= 1: 0");
    assertThatThrownBy(() -> AutoScaler.builder().capacity(null))
        .isInstanceOf(NullPointerException.class).hasMessage("capacity cannot be null");
    assertThatThrownBy(() -> AutoScaler.builder().scaler(TaskType.MICRO, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("scaler for task type 'micro' cannot be null");
    assertThatThrownBy(() -> scaler().build().scale(null))
        .isInstanceOf(NullPointerException.class).hasMessage("plan cannot be null");
  }

  @Test
  void tolerance_zeroTakesTheBest() {
    Plan plan = independent(1_000, TaskType.GENERAL, Duration.ofSeconds(30));
    ScalingDecision loose = scaler().build().scale(plan);
    ScalingDecision strict = scaler().tolerance(0).build().scale(plan);
    assertThat(strict.agents()).isGreaterThanOrEqualTo(loose.agents());
    assertThat(strict.predictedTime()).isLessThanOrEqualTo(loose.predictedTime());
  }
}
