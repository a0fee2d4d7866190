package dev.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.TaskAction;
import dev.orchestrator.task.TaskSpec;
import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanTest {

  private static final TaskAction NOTHING = ctx -> { };

  private static TaskSpec task(String id, int seconds, String... after) {
    return TaskSpec.builder(id).estimate(Duration.ofSeconds(seconds)).after(after).run(NOTHING).build();
  }

  private static Plan.Builder p() {
    return Plan.builder("p");
  }

  @Test
  void build_analysis() {
    Plan plan = p()
        .add(TaskSpec.builder("a").type(TaskType.FILE_IO).group("eu").estimate(Duration.ofSeconds(4))
            .run(NOTHING).build())
        .add(TaskSpec.builder("b").type(TaskType.FILE_IO).group("us").run(NOTHING).build()) // default 1 s
        .add(TaskSpec.builder("c").critical().estimate(Duration.ofSeconds(2)).after("a", "b").run(NOTHING)
            .build())
        .add(TaskSpec.gate("g", ctx -> true).after(DependencyKind.SOFT, "c").build())
        .build();
    PlanAnalysis a = plan.analysis();
    assertThat(a.taskCount()).isEqualTo(4);
    assertThat(a.edgeCount()).isEqualTo(3);
    assertThat(a.totalWork()).isEqualTo(Duration.ofSeconds(7));
    assertThat(a.criticalPathLength()).isEqualTo(Duration.ofSeconds(6));
    assertThat(a.criticalPath()).containsExactly("a", "c"); // the gate adds no time
    assertThat(a.levelCount()).isEqualTo(3);
    assertThat(a.levelWidths()).containsExactly(2, 1, 1);
    assertThat(a.maxWidth()).isEqualTo(2);
    assertThat(a.averageParallelism()).isEqualTo(7.0 / 6);
    assertThat(a.countsByType()).containsExactly(Map.entry(TaskType.FILE_IO, 2),
        Map.entry(TaskType.GENERAL, 2));
    assertThat(a.countsByGroup()).containsExactly(Map.entry("eu", 1), Map.entry("us", 1));
    assertThat(a.criticalTaskCount()).isEqualTo(1);
    assertThat(a.gateCount()).isEqualTo(1);
    assertThat(a.tasksWithoutEstimate()).isEqualTo(1);
    assertThat(a.defaultEstimate()).isEqualTo(Plan.DEFAULT_ESTIMATE);
    assertThat(a.averageDuration()).isEqualTo(Duration.ofMillis(1750));
    assertThat(a.shape()).isEqualTo(PlanAnalysis.GraphShape.FAN_OUT_FAN_IN);

    assertThat(plan.levelOf("c")).isEqualTo(1);
    assertThat(plan.durationOf("b")).isEqualTo(Duration.ofSeconds(1));
    assertThat(plan.dependentsOf("a")).containsExactly("c");
    assertThat(plan.dependenciesOf("g")).extracting(d -> d.kind()).containsExactly(DependencyKind.SOFT);
    assertThat(plan.contains("a")).isTrue();
    assertThat(plan.contains("z")).isFalse();
    assertThat(plan.size()).isEqualTo(4);
    assertThat(plan.concurrencyLimit()).isEqualTo(Integer.MAX_VALUE);
    assertThat(plan.mode()).isEqualTo(ExecutionMode.DEPENDENCY);
    assertThat(plan).hasToString("Plan[p, 4 tasks, 3 dependencies]");
  }

  @Test
  void build_settings() {
    Plan plan = p().goal("g").mode(ExecutionMode.PIPELINE).defaultEstimate(Duration.ofSeconds(3))
        .add(TaskSpec.builder("a").run(NOTHING).build()).build();
    assertThat(plan.goal()).contains("g");
    assertThat(plan.mode()).isEqualTo(ExecutionMode.PIPELINE);
    assertThat(plan.concurrencyLimit()).isEqualTo(5);
    assertThat(plan.durationOf("a")).isEqualTo(Duration.ofSeconds(3));
    assertThat(p().mode(ExecutionMode.PIPELINE).concurrencyLimit(9).build().concurrencyLimit()).isEqualTo(9);
  }

  @Test
  void build_copiesTasks() {
    Plan.Builder builder = p().add(task("a", 1));
    Plan first = builder.build();
    builder.add(task("b", 1));
    assertThat(first.size()).isEqualTo(1);
    assertThat(builder.build().size()).isEqualTo(2);
    assertThat(builder.size()).isEqualTo(2);
    assertThatThrownBy(() -> first.tasks().add(task("c", 1)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> first.tasks().get(1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void shape_eachKind() {
    assertThat(p().build().analysis().shape()).isEqualTo(PlanAnalysis.GraphShape.EMPTY);
    assertThat(p().add(task("a", 1)).build().analysis().shape()).isEqualTo(PlanAnalysis.GraphShape.SINGLE);
    assertThat(p().add(task("a", 1)).add(task("b", 1)).build().analysis().shape())
        .isEqualTo(PlanAnalysis.GraphShape.INDEPENDENT);
    assertThat(p().add(task("a", 1)).add(task("b", 1, "a")).build().analysis().shape())
        .isEqualTo(PlanAnalysis.GraphShape.CHAIN);
    assertThat(p().add(task("a", 1)).add(task("b", 1, "a")).add(task("c", 1, "a")).build().analysis()
        .shape()).isEqualTo(PlanAnalysis.GraphShape.FAN_OUT_FAN_IN);
    assertThat(p().add(task("a", 1)).add(task("b", 1)).add(task("c", 1, "a")).add(task("d", 1, "a"))
        .add(task("e", 1, "c")).add(task("f", 1, "c", "d")).build().analysis().shape())
        .isEqualTo(PlanAnalysis.GraphShape.LAYERED);
    assertThat(PlanAnalysis.GraphShape.CHAIN.description())
        .isEqualTo("a chain (each task waits for the one before)");
  }

  @Test
  void analysis_emptyPlan() {
    PlanAnalysis a = p().build().analysis();
    assertThat(a.totalWork()).isEqualTo(Duration.ZERO);
    assertThat(a.criticalPath()).isEmpty();
    assertThat(a.averageDuration()).isEqualTo(Duration.ZERO);
    assertThat(a.averageParallelism()).isZero();
  }

  @Test
  void explain_readsLikeAPreview() {
    Plan plan = p().goal("ship it").add(task("a", 60)).add(task("b", 120, "a")).add(task("c", 120, "a"))
        .build();
    assertThat(plan.explain()).isEqualTo("""
        PLAN: p
        Goal: ship it
        Pattern: fan-out / fan-in
        Subtasks: 3
        Dependencies: 2 (2 hard); 2 levels, widest 2
        Task types: general 3
        Average duration: 1.7 min per task
        Durations: 3 estimated
        Total work: 5 min · critical path: 3 min (a → b)
        Average parallelism (work ÷ critical path): 1.7
        Execution mode: dependency

        WAVE STRUCTURE (2 agents, the widest level; no scaling decision attached):
        Wave 0: a (1 agent) - 1 min
        Wave 1: b, c (2 agents) - 2 min

        TOTAL AGENTS: 2 · peak 2 (wave 1) · 2 waves
        ESTIMATED TIME: 3 min (sum of waves; no schedule on 2 agents beats the bound max(CP, W ÷ n) = 3 min)
        SEQUENTIAL TIME: 5 min
        SPEED-UP: 1.7× · time saved 40.0 % · parallel efficiency 100.0 %
        """);
  }

  @Test
  void explain_withPreview() {
    Plan plan = p().add(task("a", 60)).add(task("b", 60)).build();
    Plan shown = plan.withPreview(new PlanPreview(Explanation.of("Decision: 1 agent",
        Explanation.of("because")), plan.waves(1)));
    assertThat(shown.preview()).isPresent();
    assertThat(plan.preview()).isEmpty();
    assertThat(shown.explain()).contains("""
        Decision: 1 agent
        └─ because

        WAVE STRUCTURE (1 agent):
        Wave 0: a, b (1 agent, up to 2 tasks each) - 2 min
        """);
  }

  // ------------------------------------------------------------------------------ checks

  @Test
  void builder_nullName() {
    assertThatThrownBy(() -> Plan.builder(null))
        .isInstanceOf(NullPointerException.class).hasMessage("plan name cannot be null");
  }

  @Test
  void builder_blankName() {
    assertThatThrownBy(() -> Plan.builder(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("plan name cannot be blank");
  }

  @Test
  void goal_null() {
    assertThatThrownBy(() -> p().goal(null))
        .isInstanceOf(NullPointerException.class).hasMessage("goal cannot be null");
  }

  @Test
  void mode_null() {
    assertThatThrownBy(() -> p().mode(null))
        .isInstanceOf(NullPointerException.class).hasMessage("execution mode cannot be null");
  }

  @Test
  void concurrencyLimit_belowOne() {
    assertThatThrownBy(() -> p().concurrencyLimit(-3))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("concurrency limit must be >= 1: -3");
  }

  @Test
  void defaultEstimate_null() {
    assertThatThrownBy(() -> p().defaultEstimate(null))
        .isInstanceOf(NullPointerException.class).hasMessage("default estimate cannot be null");
  }

  @Test
  void defaultEstimate_negative() {
    assertThatThrownBy(() -> p().defaultEstimate(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("default estimate cannot be negative: PT-0.001S");
  }

  @Test
  void add_null() {
    assertThatThrownBy(() -> p().add(task("a", 1)).add(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("task #1 of plan 'p' is null");
  }

  @Test
  void addAll_null() {
    assertThatThrownBy(() -> p().addAll(null))
        .isInstanceOf(NullPointerException.class).hasMessage("tasks cannot be null");
  }

  @Test
  void build_duplicateId() {
    assertThatThrownBy(() -> p().add(task("a", 1)).add(task("b", 1)).add(task("a", 2)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate task id 'a': tasks #0 and #2 both use it; task ids must be unique within"
            + " a plan");
  }

  @Test
  void build_unknownDependency() {
    assertThatThrownBy(() -> p().add(task("deploy", 1)).add(task("report", 1, "deplo")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 'report' depends on unknown task 'deplo'");
  }

  @Test
  void build_cycle() {
    assertThatThrownBy(() -> p().add(task("x", 1)).add(task("b", 1, "c")).add(task("c", 1, "a"))
        .add(task("a", 1, "b")).build())
        .isInstanceOf(CyclicDependencyException.class)
        // b comes after c, c after a, a after b: in execution order b -> a -> c -> b
        .hasMessage("dependency cycle: b -> a -> c -> b; remove one of these dependencies to make the"
            + " graph acyclic")
        .satisfies(e -> assertThat(((CyclicDependencyException) e).cycle())
            .containsExactly("b", "a", "c", "b"));
  }

  @Test
  void build_selfLoop() {
    assertThatThrownBy(() -> p().add(task("a", 1, "a")).build())
        .isInstanceOf(CyclicDependencyException.class)
        .hasMessage("dependency cycle: a -> a; remove one of these dependencies to make the graph"
            + " acyclic");
  }

  @Test
  void task_unknown() {
    Plan plan = p().add(task("a", 1)).build();
    assertThatThrownBy(() -> plan.task("x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("plan 'p' has no task 'x'");
    assertThatThrownBy(() -> plan.levelOf(null))
        .isInstanceOf(NullPointerException.class).hasMessage("task id cannot be null");
  }

  @Test
  void withPreview_null() {
    Plan plan = p().build();
    assertThatThrownBy(() -> plan.withPreview(null))
        .isInstanceOf(NullPointerException.class).hasMessage("preview cannot be null");
  }

  @Test
  void withPreview_otherPlan() {
    Plan plan = p().add(task("a", 1)).build();
    Plan other = Plan.builder("q").add(task("a", 1)).build();
    PlanPreview preview = new PlanPreview(Explanation.of("x"), other.waves(1));
    assertThatThrownBy(() -> plan.withPreview(preview))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the preview's wave plan was laid out for plan 'q', not for 'p'");
  }

  @Test
  void planPreview_nulls() {
    Plan plan = p().build();
    assertThatThrownBy(() -> new PlanPreview(null, plan.waves(1)))
        .isInstanceOf(NullPointerException.class).hasMessage("scaling explanation cannot be null");
    assertThatThrownBy(() -> new PlanPreview(Explanation.of("x"), null))
        .isInstanceOf(NullPointerException.class).hasMessage("wave plan cannot be null");
    assertThat(new PlanPreview(Explanation.of("x"), plan.waves(3)).agents()).isEqualTo(3);
  }

  @Test
  void explanation_render() {
    Explanation tree = Explanation.of("root", Explanation.of("a", Explanation.of("a1")),
        Explanation.of("b", List.of(Explanation.of("b1"), Explanation.of("b2"))));
    assertThat(tree.render()).isEqualTo("""
        root
        ├─ a
        │  └─ a1
        └─ b
           ├─ b1
           └─ b2
        """);
    assertThat(tree.lines()).containsExactly("root", "a", "a1", "b", "b1", "b2");
    assertThatThrownBy(() -> Explanation.of(null))
        .isInstanceOf(NullPointerException.class).hasMessage("text cannot be null");
  }
}
