package dev.orchestrator.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.Workflow;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.resource.RateLimit;
import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** The scaler's promises, on random graphs, machines and cost models. */
class AutoScalerPropertiesTest {

  private static final List<TaskType> TYPES = TaskType.builtIns();

  /** A random DAG: each task may come after any earlier one; durations 0–300 s; mixed types. */
  static Plan randomPlan(int tasks, long seed, double edgeProbability) {
    Random random = new Random(seed);
    Workflow.Builder w = Workflow.named("random-" + seed);
    for (int i = 0; i < tasks; i++) {
      List<String> after = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        if (random.nextDouble() < edgeProbability) {
          after.add("t" + j);
        }
      }
      long seconds = random.nextInt(301);
      TaskType type = TYPES.get(random.nextInt(TYPES.size()));
      boolean critical = random.nextInt(20) == 0;
      w.task("t" + i, t -> {
        t.estimate(Duration.ofSeconds(seconds)).type(type).run(ctx -> { });
        if (critical) {
          t.critical();
        }
        if (!after.isEmpty()) {
          t.after(after.toArray(String[]::new));
        }
      });
    }
    return w.build().plan();
  }

  record Machine(double cpu, long memoryMb, double iops, int connections, double ratePerSecond) {
    Capacity capacity() {
      return Capacity.builder().cpuCores(cpu).memory(memoryMb << 20).diskIops(iops)
          .connectionLimit(connections)
          .rateLimit("api", RateLimit.of(Math.max(1, Math.round(ratePerSecond * 1000)),
              Duration.ofSeconds(1000)))
          .build();
    }

    Machine larger(double f1, double f2, double f3, double f4, double f5) {
      return new Machine(cpu * f1, Math.round(memoryMb * f2), iops * f3,
          (int) Math.min(Integer.MAX_VALUE, Math.round(connections * f4)), ratePerSecond * f5);
    }
  }

  @Provide
  Arbitrary<Machine> machines() {
    return Combinators.combine(
        Arbitraries.doubles().between(0.5, 16),
        Arbitraries.longs().between(1, 4_096),
        Arbitraries.doubles().between(1, 100_000),
        Arbitraries.integers().between(1, 10_000),
        Arbitraries.doubles().between(0.01, 1_000)).as(Machine::new);
  }

  @Provide
  Arbitrary<CostModel> costs() {
    return Combinators.combine(
        Arbitraries.longs().between(0, 1_000_000_000L),
        Arbitraries.longs().between(0, 10_000_000L),
        Arbitraries.doubles().between(0, 1),
        Arbitraries.integers().between(1, 16)).as((s, d, k, c) -> CostModel.builder()
            .agentStartup(Duration.ofNanos(s)).taskDispatch(Duration.ofNanos(d)).contention(k, c)
            .build());
  }

  private static AutoScaler scaler(Machine machine, CostModel costs) {
    return AutoScaler.builder().capacity(machine.capacity()).costs(costs).serviceLoading(false)
        .probe(wanted -> {
          throw new AssertionError("everything is configured");
        }).build();
  }

  @Property(tries = 1000)
  void moreCapacity_neverFewerAgents(
      @ForAll @IntRange(min = 1, max = 40) int tasks, @ForAll long seed,
      @ForAll @DoubleRange(min = 0, max = 0.4) double edges,
      @ForAll("machines") Machine machine, @ForAll("costs") CostModel costs,
      @ForAll @DoubleRange(min = 1, max = 10) double f1,
      @ForAll @DoubleRange(min = 1, max = 10) double f2,
      @ForAll @DoubleRange(min = 1, max = 10) double f3,
      @ForAll @DoubleRange(min = 1, max = 10) double f4,
      @ForAll @DoubleRange(min = 1, max = 10) double f5) {
    Plan plan = randomPlan(tasks, seed, edges);
    int small = scaler(machine, costs).scale(plan).agents();
    int large = scaler(machine.larger(f1, f2, f3, f4, f5), costs).scale(plan).agents();
    assertThat(large).isGreaterThanOrEqualTo(small);
  }

  @Property(tries = 300)
  void noOverride_neverAboveTheWidestLevel(
      @ForAll @IntRange(min = 1, max = 60) int tasks, @ForAll long seed,
      @ForAll @DoubleRange(min = 0, max = 0.5) double edges,
      @ForAll("machines") Machine machine, @ForAll("costs") CostModel costs) {
    Plan plan = randomPlan(tasks, seed, edges);
    ScalingDecision decision = scaler(machine, costs).scale(plan);
    assertThat(decision.agents()).isBetween(1, plan.analysis().maxWidth());
    assertThat(decision.bindingLimit()).isNotEqualTo(BindingLimit.USER_OVERRIDE);
  }

  @Property(tries = 200)
  void chain_alwaysOneAgent(
      @ForAll @IntRange(min = 1, max = 60) int tasks, @ForAll long seed,
      @ForAll("machines") Machine machine, @ForAll("costs") CostModel costs) {
    Random random = new Random(seed);
    Workflow.Builder w = Workflow.named("chain");
    for (int i = 0; i < tasks; i++) {
      int previous = i - 1;
      long millis = random.nextInt(1_000_000);
      w.task("c" + i, t -> {
        t.estimate(Duration.ofMillis(millis)).run(ctx -> { });
        if (previous >= 0) {
          t.after("c" + previous);
        }
      });
    }
    assertThat(scaler(machine, costs).scale(w.build().plan()).agents()).isEqualTo(1);
  }

  @Property(tries = 200)
  void override_alwaysExact(
      @ForAll @IntRange(min = 1, max = 30) int tasks, @ForAll long seed,
      @ForAll @DoubleRange(min = 0, max = 0.5) double edges,
      @ForAll("machines") Machine machine, @ForAll("costs") CostModel costs,
      @ForAll @IntRange(min = 1, max = AutoScaler.MAX_AGENTS) int requested) {
    Plan plan = randomPlan(tasks, seed, edges);
    ScalingDecision decision = scaler(machine, costs).scale(plan, requested);
    assertThat(decision.agents()).isEqualTo(requested);
    assertThat(decision.bindingLimit()).isEqualTo(BindingLimit.USER_OVERRIDE);
  }

  @Property(tries = 200)
  void sameInputs_sameDecision(
      @ForAll @IntRange(min = 1, max = 40) int tasks, @ForAll long seed,
      @ForAll @DoubleRange(min = 0, max = 0.5) double edges,
      @ForAll("machines") Machine machine, @ForAll("costs") CostModel costs) {
    ScalingDecision first = scaler(machine, costs).scale(randomPlan(tasks, seed, edges));
    ScalingDecision second = scaler(machine, costs).scale(randomPlan(tasks, seed, edges));
    assertThat(second.agents()).isEqualTo(first.agents());
    assertThat(second.bindingLimit()).isEqualTo(first.bindingLimit());
    assertThat(second.predictedTime()).isEqualTo(first.predictedTime());
    assertThat(second.explanation()).isEqualTo(first.explanation());
  }
}
