package dev.orchestrator.scale;

import static dev.orchestrator.scale.TableScenarios.SLOW_AGENT;
import static dev.orchestrator.scale.TableScenarios.VIRTUAL_THREAD_AGENT;
import static dev.orchestrator.scale.TableScenarios.scaler;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.internal.Format;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenario table of docs/scaling-model.md, row by row: each scenario on the machine of
 * {@link TableScenarios#MACHINE}, once with a slow agent (0.3 s each) and once with our
 * virtual-thread agent (5 µs each, 0.5 µs per hand-off).
 */
class ScenarioTableTest {

  static Stream<Arguments> rows() {
    return Stream.of(
        row("10 tasks in a chain, 5 min each", () -> TableScenarios.chain(10, Duration.ofMinutes(5)),
            1, BindingLimit.DEPENDENCIES, "50 min", 1, BindingLimit.DEPENDENCIES, "50 min"),
        row("10 shallow tasks, 5 min each, behind a 1-min setup",
            () -> TableScenarios.shallow(10, Duration.ofMinutes(5)),
            10, BindingLimit.DEPENDENCIES, "6.1 min", 10, BindingLimit.DEPENDENCIES, "6 min"),
        row("100 independent file tasks, 2 min each", () -> files(100, Duration.ofMinutes(2)),
            100, BindingLimit.TASK_COUNT, "2.5 min", 100, BindingLimit.TASK_COUNT, "2 min"),
        row("500 independent file tasks, 2 min each", () -> files(500, Duration.ofMinutes(2)),
            500, BindingLimit.TASK_COUNT, "4.5 min", 500, BindingLimit.TASK_COUNT, "2 min"),
        row("5,000 independent file tasks, 30 s each", () -> files(5_000, Duration.ofSeconds(30)),
            625, BindingLimit.OVERHEAD, "7.1 min", 5_000, BindingLimit.TASK_COUNT, "30 s"),
        row("10,000 independent file tasks, 1 min each",
            () -> files(10_000, Duration.ofMinutes(1)),
            1_250, BindingLimit.OVERHEAD, "14.3 min", 10_000, BindingLimit.TASK_COUNT, "1 min"),
        row("1,000 API calls, 5 min each, 1,000/s rate limit",
            () -> TableScenarios.independent("api", null, 1_000, TaskType.API_CALL,
                Duration.ofMinutes(5)),
            1_000, BindingLimit.TASK_COUNT, "10 min", 1_000, BindingLimit.TASK_COUNT, "5 min"),
        row("10,000 deployments, 3 min each",
            () -> TableScenarios.independent("deploy", null, 10_000, TaskType.DEPLOYMENT,
                Duration.ofMinutes(3)),
            2_500, BindingLimit.OVERHEAD, "24.5 min", 10_000, BindingLimit.TASK_COUNT, "3 min"),
        row("1,000,000 renames, 3 s each", () -> files(1_000_000, Duration.ofSeconds(3)),
            2_591, BindingLimit.OVERHEAD, "32.3 min", 29_412, BindingLimit.DISK_IOPS, "1.7 min"),
        row("5,000 micro-tasks, 6 s each", () -> micro(5_000),
            103, BindingLimit.OVERHEAD, "5.4 min", 5_000, BindingLimit.TASK_COUNT, "6 s"),
        row("10,000 micro-tasks, 6 s each", () -> micro(10_000),
            145, BindingLimit.OVERHEAD, "7.6 min", 10_000, BindingLimit.TASK_COUNT, "6.1 s"),
        row("8-task bug fix, at most 2 wide", TableScenarios::bugFix,
            2, BindingLimit.DEPENDENCIES, "58 min", 2, BindingLimit.DEPENDENCIES, "58 min"),
        row("85-task repository clean-up, goal asks for 50 agents",
            () -> TableScenarios.repositoryCleanup(true),
            50, BindingLimit.USER_OVERRIDE, "9.3 min", 50, BindingLimit.USER_OVERRIDE, "9 min"));
  }

  private static Arguments row(String scenario, Supplier<Plan> plan, int slowAgents,
      BindingLimit slowLimit, String slowTime, int vtAgents, BindingLimit vtLimit, String vtTime) {
    return Arguments.of(scenario, plan, slowAgents, slowLimit, slowTime, vtAgents, vtLimit, vtTime);
  }

  private static Plan files(int n, Duration each) {
    return TableScenarios.independent(n + " files", null, n, TaskType.FILE_IO, each);
  }

  private static Plan micro(int n) {
    return TableScenarios.independent(n + " micro", null, n, TaskType.MICRO, Duration.ofSeconds(6));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void scale_tableScenario(String scenario, Supplier<Plan> plans, int slowAgents,
      BindingLimit slowLimit, String slowTime, int vtAgents, BindingLimit vtLimit, String vtTime) {
    Plan plan = plans.get();

    ScalingDecision slow = scaler(SLOW_AGENT).scale(plan);
    assertThat(slow.agents()).as("agents with the slow agent").isEqualTo(slowAgents);
    assertThat(slow.bindingLimit()).as("limit with the slow agent").isEqualTo(slowLimit);
    assertThat(Format.duration(slow.predictedTime())).isEqualTo(slowTime);
    assertThat(slow.warnings()).isEmpty();

    ScalingDecision vt = scaler(VIRTUAL_THREAD_AGENT).scale(plan);
    assertThat(vt.agents()).as("agents with a virtual-thread agent").isEqualTo(vtAgents);
    assertThat(vt.bindingLimit()).as("limit with a virtual-thread agent").isEqualTo(vtLimit);
    assertThat(Format.duration(vt.predictedTime())).isEqualTo(vtTime);
    assertThat(vt.warnings()).isEmpty();

    if (slowLimit != BindingLimit.USER_OVERRIDE) {
      assertThat(slow.agents()).isLessThanOrEqualTo(plan.analysis().maxWidth());
      assertThat(vt.agents()).isLessThanOrEqualTo(plan.analysis().maxWidth());
    }
  }

  @Test
  void scale_cleanupOverrideByCallerIsExact() {
    Plan plan = TableScenarios.repositoryCleanup(false);
    ScalingDecision decision = scaler(SLOW_AGENT).scale(plan, 50);
    assertThat(decision.agents()).isEqualTo(50);
    assertThat(decision.bindingLimit()).isEqualTo(BindingLimit.USER_OVERRIDE);
    assertThat(decision.recommendedAgents()).isEqualTo(29);
    assertThat(decision.explanation().lines()).contains(
        "Requested by the caller: 50 agents, honoured exactly",
        "Auto-scaling would use 29 agents (the dependencies: the graph's width or its critical"
            + " path)",
        "Only 45 tasks can ever run at once: 5 agents will stay idle");
  }

  @Test
  void scale_renamesExplainTheIopsCap() {
    ScalingDecision decision = scaler(VIRTUAL_THREAD_AGENT).scale(files(1_000_000,
        Duration.ofSeconds(3)));
    assertThat(decision.explanation().lines()).contains(
        "file-io (1,000,000 tasks, built-in): 30,000 agents [DISK_IOPS]",
        "disk 10,000 IOPS × 3 s per task ÷ 1 I/O per task = 30,000",
        "Ceiling: 30,000 agents (the disk's IOPS)");
  }
}
