package dev.orchestrator.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.Workflow;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.TaskType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GraphBoundsTest {

  private static final double MINUTE = 60e9;

  private static GraphBounds bounds(Plan plan) {
    return GraphBounds.of(plan, type -> null, null);
  }

  @Test
  void lowerBound_equalIndependentTasksInWholeRounds() {
    GraphBounds b = bounds(TableScenarios.independent("ten", null, 10, TaskType.GENERAL,
        Duration.ofMinutes(1)));
    assertThat(b.lowerBound(1)).isEqualTo(10 * MINUTE);
    assertThat(b.lowerBound(3)).isEqualTo(4 * MINUTE); // ⌈10 ÷ 3⌉ rounds, not 10 ÷ 3
    assertThat(b.lowerBound(9)).isEqualTo(2 * MINUTE);
    assertThat(b.lowerBound(10)).isEqualTo(1 * MINUTE);
    assertThat(b.lowerBound(50)).isEqualTo(1 * MINUTE);
  }

  @Test
  void lowerBound_unequalTasks() {
    Plan plan = Workflow.named("uneven")
        .task("a", t -> t.estimate(Duration.ofMinutes(5)).run(ctx -> { }))
        .task("b", t -> t.estimate(Duration.ofMinutes(4)).run(ctx -> { }))
        .task("c", t -> t.estimate(Duration.ofMinutes(3)).run(ctx -> { }))
        .build().plan();
    GraphBounds b = bounds(plan);
    // two agents: W/2 = 6, the two shortest of the three longest = 4 + 3 = 7; optimum is 7
    assertThat(b.lowerBound(2)).isEqualTo(7 * MINUTE);
    assertThat(b.lowerBound(3)).isEqualTo(5 * MINUTE);
  }

  @Test
  void lowerBound_criticalTasksRunAlone() {
    Plan plan = Workflow.named("backup first")
        .task("backup", t -> t.critical().estimate(Duration.ofMinutes(2)).run(ctx -> { }))
        .forEach("deploy", TableScenarios.range(100), (i, t) -> t.estimate(Duration.ofMinutes(3))
            .run(ctx -> { }))
        .build().plan(); // no dependency: the backup still runs alone
    GraphBounds b = bounds(plan);
    assertThat(b.criticalWork).isEqualTo(Duration.ofMinutes(2).toNanos());
    assertThat(b.lowerBound(100)).isEqualTo(5 * MINUTE);
    assertThat(b.lowerBound(50)).isEqualTo(8 * MINUTE);
  }

  @Test
  void lowerBound_levelHeadBodyTail() {
    Plan plan = Workflow.named("fan out")
        .forEach("first", TableScenarios.range(10), (i, t) -> t.estimate(Duration.ofMinutes(1))
            .run(ctx -> { }))
        .forEach("then", TableScenarios.range(1_000), (i, t) -> t.estimate(Duration.ofMinutes(1))
            .run(ctx -> { }))
        .after("first")
        .build().plan();
    GraphBounds b = bounds(plan);
    assertThat(b.criticalPath).isEqualTo(Duration.ofMinutes(2).toNanos());
    // Brent says 1,010 min ÷ 505 = 2 min; the second level cannot start before minute 1.
    assertThat(b.lowerBound(505)).isEqualTo(3 * MINUTE);
    assertThat(b.lowerBound(1_000)).isEqualTo(2 * MINUTE);
  }

  @Test
  void of_learnedDurationsReplaceTheDefault() {
    Plan plan = Workflow.named("unestimated")
        .task("a", t -> t.type(TaskType.FILE_IO).run(ctx -> { }))
        .task("b", t -> t.type(TaskType.FILE_IO).after("a").run(ctx -> { }))
        .task("c", t -> t.estimate(Duration.ofSeconds(1)).after("a").run(ctx -> { }))
        .build().plan();
    GraphBounds b = GraphBounds.of(plan,
        type -> type.equals(TaskType.FILE_IO) ? Duration.ofSeconds(10) : null, null);
    assertThat(b.learned).isEqualTo(2);
    assertThat(b.work).isEqualTo(Duration.ofSeconds(21).toNanos());
    assertThat(b.criticalPath).isEqualTo(Duration.ofSeconds(20).toNanos());
  }

  @Test
  void of_generalTasksCountedAsTheGoalType() {
    Plan plan = TableScenarios.independent("g", null, 5, TaskType.GENERAL, Duration.ofSeconds(1));
    assertThat(GraphBounds.of(plan, type -> null, TaskType.FILE_IO).types())
        .containsOnlyKeys(TaskType.FILE_IO);
  }

  @Test
  void combinedCap_perLevelSumOfTypeCaps() {
    Plan plan = Workflow.named("mixed")
        .forEach("crunch", TableScenarios.range(100), (i, t) -> t.type(TaskType.COMPUTATION)
            .run(ctx -> { }))
        .forEach("call", TableScenarios.range(30), (i, t) -> t.type(TaskType.API_CALL)
            .run(ctx -> { }))
        .forEach("after", TableScenarios.range(60), (i, t) -> t.type(TaskType.COMPUTATION)
            .run(ctx -> { }))
        .after("crunch")
        .build().plan();
    GraphBounds b = bounds(plan);
    assertThat(b.types()).containsOnlyKeys(TaskType.API_CALL, TaskType.COMPUTATION);
    assertThat(b.types().get(TaskType.COMPUTATION))
        .isEqualTo(new GraphBounds.TypeStats(TaskType.COMPUTATION, 160, 100, 160_000_000_000L));
    int[] reducer = new int[1];
    // types by name: api-call = 0, computation = 1
    assertThat(b.combinedCap(new long[] {Long.MAX_VALUE, Long.MAX_VALUE}, reducer)).isEqualTo(130);
    assertThat(reducer[0]).isEqualTo(-1);
    assertThat(b.combinedCap(new long[] {10, 4}, reducer)).isEqualTo(14);
    assertThat(b.type(reducer[0])).isEqualTo(TaskType.COMPUTATION);
    assertThat(b.combinedCap(new long[] {1, 80}, reducer)).isEqualTo(81);
    assertThat(b.type(reducer[0])).isEqualTo(TaskType.API_CALL);
  }

  @Test
  void combinedCap_capOfTheWidestLevelBindsEvenWhenAnotherLevelSetsTheMaximum() {
    Plan plan = Workflow.named("narrowing")
        .forEach("crunch", TableScenarios.range(4), (i, t) -> t.type(TaskType.COMPUTATION)
            .run(ctx -> { }))
        .forEach("then", TableScenarios.range(3), (i, t) -> t.run(ctx -> { }))
        .after("crunch")
        .build().plan();
    GraphBounds b = bounds(plan);
    int[] reducer = new int[1];
    // computation = 0, general = 1: the 4-wide level drops to 1, the 3-wide one stays 3
    assertThat(b.combinedCap(new long[] {1, Long.MAX_VALUE}, reducer)).isEqualTo(3);
    assertThat(b.type(reducer[0])).isEqualTo(TaskType.COMPUTATION);
  }

  @Test
  void of_widthIgnoresCriticalTasksAndGates() {
    Plan plan = Workflow.named("gated")
        .task("backup", t -> t.critical().run(ctx -> { }))
        .task("other", t -> t.run(ctx -> { }))
        .gate("ok", ctx -> true).after("backup")
        .build().plan();
    assertThat(bounds(plan).maxWidth).isEqualTo(1);
  }
}
