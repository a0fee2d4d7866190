package dev.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.plan.CyclicDependencyException;
import dev.orchestrator.plan.ExecutionMode;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.Dependency;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.TaskAction;
import dev.orchestrator.task.TaskSpec;
import dev.orchestrator.task.TaskType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowTest {

  private static final TaskAction NOTHING = ctx -> { };

  private static Workflow.Builder w() {
    return Workflow.named("w");
  }

  // ------------------------------------------------------------------------------ behaviour

  /** The shape of a deployment: a critical backup, a block of deployments, a gate and a report. */
  @Test
  void plan_deployShape() {
    List<String> servers = List.of("a", "b", "c", "d", "e");
    Plan plan = Workflow.named("deploy v2")
        .goal("Deploy the new image to all 5 servers")
        .task("backup", t -> t.critical().estimate(Duration.ofMinutes(2)).run(NOTHING))
        .forEach("deploy", servers, (s, t) -> t.type(TaskType.DEPLOYMENT)
            .estimate(Duration.ofMinutes(3)).group(s.compareTo("c") < 0 ? "eu" : "us").run(NOTHING))
        .after("backup")
        .gate("healthy", ctx -> true).after("deploy")
        .task("report", t -> t.after("healthy").estimate(Duration.ofMinutes(1)).run(NOTHING))
        .build().plan();
    assertThat(plan.name()).isEqualTo("deploy v2");
    assertThat(plan.goal()).contains("Deploy the new image to all 5 servers");
    assertThat(plan.analysis().criticalPathLength()).isEqualTo(Duration.ofMinutes(6));
    assertThat(plan.analysis().criticalPath()).containsExactly("backup", "deploy-1", "healthy", "report");
    assertThat(plan.analysis().maxWidth()).isEqualTo(5);
    assertThat(plan.dependenciesOf("healthy")).hasSize(5);
    assertThat(plan.analysis().countsByGroup()).containsExactly(
        java.util.Map.entry("eu", 2), java.util.Map.entry("us", 3));
    assertThat(plan.waves(2).waves()).hasSize(4);
    assertThat(plan.waves(2).sumOfWaves()).isEqualTo(Duration.ofMinutes(2 + 9 + 0 + 1));
  }

  @Test
  void build_settingsReachThePlan() {
    Workflow workflow = w().goal("g").mode(ExecutionMode.SWARM).concurrencyLimit(3)
        .defaultEstimate(Duration.ofSeconds(5)).task("a", t -> t.run(NOTHING)).build();
    assertThat(workflow.name()).isEqualTo("w");
    assertThat(workflow.goal()).contains("g");
    assertThat(workflow.mode()).isEqualTo(ExecutionMode.SWARM);
    assertThat(workflow).hasToString("Workflow[w, 1 tasks, 1 blocks]");
    Plan plan = workflow.plan();
    assertThat(plan.mode()).isEqualTo(ExecutionMode.SWARM);
    assertThat(plan.concurrencyLimit()).isEqualTo(3);
    assertThat(plan.durationOf("a")).isEqualTo(Duration.ofSeconds(5));
    assertThat(w().mode(ExecutionMode.SWARM).task("a", t -> t.run(NOTHING)).build().plan()
        .concurrencyLimit()).isEqualTo(50);
  }

  @Test
  void forEach_idsInItemOrder() {
    Workflow workflow = w().forEach("x", List.of("p", "q"), (item, t) -> t.name(item).run(NOTHING)).build();
    assertThat(workflow.tasks()).extracting(TaskSpec::id).containsExactly("x-1", "x-2");
    assertThat(workflow.tasks()).extracting(TaskSpec::name).containsExactly("p", "q");
    assertThat(workflow.blocks()).containsEntry("x", List.of("x-1", "x-2"));
  }

  @Test
  void forEach_idFunction() {
    Workflow workflow = w().forEach("x", List.of("eu", "us"), item -> item, (item, t) -> t.run(NOTHING))
        .build();
    assertThat(workflow.tasks()).extracting(TaskSpec::id).containsExactly("x-eu", "x-us");
  }

  @Test
  void chunked_batches() {
    Workflow workflow = w().chunked("c", List.of(1, 2, 3, 4, 5), 2, (batch, t) -> t.name(batch.toString())
        .run(NOTHING)).build();
    assertThat(workflow.tasks()).extracting(TaskSpec::name).containsExactly("[1, 2]", "[3, 4]", "[5]");
  }

  @Test
  void files_onePerMatchingFileInPathOrder(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("sub"));
    for (String file : List.of("b.jpg", "a.jpg", "notes.txt", "sub/c.jpg")) {
      Files.writeString(dir.resolve(file), "x");
    }
    Workflow top = w().files("img", dir, "*.jpg", (file, t) -> t.name(file.getFileName().toString())
        .run(NOTHING)).build();
    assertThat(top.tasks()).extracting(TaskSpec::name).containsExactly("a.jpg", "b.jpg");
    Workflow deep = w().files("img", dir, "**/*.jpg", (file, t) -> t.name(file.getFileName().toString())
        .run(NOTHING)).build();
    assertThat(deep.tasks()).extracting(TaskSpec::name).containsExactly("c.jpg");
  }

  @Test
  void after_appliesToEveryTaskOfTheLastBlock() {
    Workflow workflow = w().task("a", t -> t.run(NOTHING))
        .forEach("b", List.of(1, 2), (i, t) -> t.run(NOTHING)).after(DependencyKind.SOFT, "a")
        .build();
    assertThat(workflow.tasks().get(1).dependencies()).containsExactly(Dependency.soft("a"));
    assertThat(workflow.tasks().get(2).dependencies()).containsExactly(Dependency.soft("a"));
    assertThat(workflow.tasks().get(0).dependencies()).isEmpty();
  }

  @Test
  void build_expandsBlockReferences() {
    Workflow workflow = w().forEach("b", List.of(1, 2, 3), (i, t) -> t.run(NOTHING))
        .task("c", t -> t.after(DependencyKind.DATA, "b").after("b-2").run(NOTHING)).build();
    assertThat(workflow.tasks().get(3).dependencies()).containsExactly(
        Dependency.data("b-1"), Dependency.data("b-2"), Dependency.data("b-3"), Dependency.hard("b-2"));
  }

  @Test
  void task_prebuilt() {
    TaskSpec spec = TaskSpec.builder("a").estimate(Duration.ofSeconds(3)).run(NOTHING).build();
    Workflow workflow = w().task(spec).build();
    assertThat(workflow.tasks().get(0).estimate()).contains(Duration.ofSeconds(3));
  }

  @Test
  void decompose_addsTasks() {
    Decomposer two = builder -> builder.task("x", t -> t.run(NOTHING)).task("y", t -> t.run(NOTHING));
    Workflow.Builder builder = w().decompose(two);
    assertThat(builder.size()).isEqualTo(2);
    assertThat(builder.toString()).isEqualTo("Workflow.Builder[w, 2 tasks, last block y]");
  }

  @Test
  void build_copiesState() {
    Workflow.Builder builder = w().task("a", t -> t.run(NOTHING));
    Workflow first = builder.build();
    builder.task("b", t -> t.run(NOTHING));
    assertThat(first.tasks()).hasSize(1);
    assertThat(builder.build().tasks()).hasSize(2);
    assertThatThrownBy(() -> first.tasks().add(null)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> first.blocks().put("x", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  // ------------------------------------------------------------------------------ checks

  @Test
  void named_null() {
    assertThatThrownBy(() -> Workflow.named(null))
        .isInstanceOf(NullPointerException.class).hasMessage("workflow name cannot be null");
  }

  @Test
  void named_blank() {
    assertThatThrownBy(() -> Workflow.named(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("workflow name cannot be blank");
  }

  @Test
  void goal_null() {
    assertThatThrownBy(() -> w().goal(null))
        .isInstanceOf(NullPointerException.class).hasMessage("goal cannot be null");
  }

  @Test
  void mode_null() {
    assertThatThrownBy(() -> w().mode(null))
        .isInstanceOf(NullPointerException.class).hasMessage("execution mode cannot be null");
  }

  @Test
  void concurrencyLimit_belowOne() {
    assertThatThrownBy(() -> w().concurrencyLimit(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("concurrency limit must be >= 1: 0");
  }

  @Test
  void defaultEstimate_null() {
    assertThatThrownBy(() -> w().defaultEstimate(null))
        .isInstanceOf(NullPointerException.class).hasMessage("default estimate cannot be null");
  }

  @Test
  void defaultEstimate_negative() {
    assertThatThrownBy(() -> w().defaultEstimate(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("default estimate cannot be negative: PT-1S");
  }

  @Test
  void task_nullConfiguration() {
    assertThatThrownBy(() -> w().task("a", null))
        .isInstanceOf(NullPointerException.class).hasMessage("task 'a': configuration cannot be null");
  }

  @Test
  void task_nullSpec() {
    assertThatThrownBy(() -> w().task((TaskSpec) null))
        .isInstanceOf(NullPointerException.class).hasMessage("task cannot be null");
  }

  @Test
  void task_invalidId() {
    assertThatThrownBy(() -> w().task(" ", t -> t.run(NOTHING)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("task id cannot be blank");
  }

  @Test
  void task_duplicateBlock() {
    assertThatThrownBy(() -> w().task("a", t -> t.run(NOTHING)).task("a", t -> t.run(NOTHING)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("block 'a' was already added; block and task names must be unique");
  }

  @Test
  void forEach_nullName() {
    assertThatThrownBy(() -> w().forEach(null, List.of(1), (i, t) -> t.run(NOTHING)))
        .isInstanceOf(NullPointerException.class).hasMessage("block name cannot be null");
  }

  @Test
  void forEach_blankName() {
    assertThatThrownBy(() -> w().forEach("", List.of(1), (i, t) -> t.run(NOTHING)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("block name cannot be blank");
  }

  @Test
  void forEach_nullItems() {
    assertThatThrownBy(() -> w().forEach("b", null, (i, t) -> t.run(NOTHING)))
        .isInstanceOf(NullPointerException.class).hasMessage("block 'b': items cannot be null");
  }

  @Test
  void forEach_nullConfiguration() {
    assertThatThrownBy(() -> w().forEach("b", List.of(1), null))
        .isInstanceOf(NullPointerException.class).hasMessage("block 'b': configuration cannot be null");
  }

  @Test
  void forEach_idFunctionReturnsNull() {
    assertThatThrownBy(() -> w().forEach("b", List.of(1, 2), i -> i == 2 ? null : "x",
        (i, t) -> t.run(NOTHING)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("block 'b': the id function returned null for item #2");
  }

  @Test
  void chunked_sizeBelowOne() {
    assertThatThrownBy(() -> w().chunked("c", List.of(1), 0, (b, t) -> t.run(NOTHING)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("block 'c': chunk size must be >= 1: 0");
  }

  @Test
  void chunked_nullItems() {
    assertThatThrownBy(() -> w().chunked("c", null, 2, (b, t) -> t.run(NOTHING)))
        .isInstanceOf(NullPointerException.class).hasMessage("block 'c': items cannot be null");
  }

  @Test
  void files_notADirectory(@TempDir Path dir) {
    Path missing = dir.resolve("none");
    assertThatThrownBy(() -> w().files("f", missing, "*", (p, t) -> t.run(NOTHING)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("block 'f': not a directory: " + missing);
  }

  @Test
  void files_invalidGlob(@TempDir Path dir) {
    assertThatThrownBy(() -> w().files("f", dir, "[a", (p, t) -> t.run(NOTHING)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("block 'f': invalid glob '[a': Missing ']");
  }

  @Test
  void files_nulls(@TempDir Path dir) {
    assertThatThrownBy(() -> w().files("f", null, "*", (p, t) -> t.run(NOTHING)))
        .isInstanceOf(NullPointerException.class).hasMessage("block 'f': directory cannot be null");
    assertThatThrownBy(() -> w().files("f", dir, null, (p, t) -> t.run(NOTHING)))
        .isInstanceOf(NullPointerException.class).hasMessage("block 'f': glob cannot be null");
  }

  @Test
  void after_beforeAnyBlock() {
    assertThatThrownBy(() -> w().after("a"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("after(...) applies to the last task or block added, and none was added yet");
  }

  @Test
  void decompose_null() {
    assertThatThrownBy(() -> w().decompose(null))
        .isInstanceOf(NullPointerException.class).hasMessage("decomposer cannot be null");
  }

  @Test
  void build_taskWithoutAction() {
    assertThatThrownBy(() -> w().task("a", t -> t.estimate(Duration.ofSeconds(1))).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 'a' has no action: call run(...) or produce(...)");
  }

  @Test
  void build_nameIsBlockAndTask() {
    assertThatThrownBy(() -> w().forEach("x", List.of(1, 2), (i, t) -> t.run(NOTHING))
        .forEach("y", List.of("x"), item -> null == item ? "" : "1", (i, t) -> t.run(NOTHING))
        .task("x-1-extra", t -> t.run(NOTHING))
        .forEach("z", List.of(1), (i, t) -> t.id("x").run(NOTHING))
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'x' names both a block of 2 tasks and a task of block 'z'; rename one of them");
  }

  @Test
  void plan_cycle() {
    assertThatThrownBy(() -> w()
        .task("a", t -> t.after("c").run(NOTHING))
        .task("b", t -> t.after("a").run(NOTHING))
        .task("c", t -> t.after("b").run(NOTHING))
        .build().plan())
        .isInstanceOf(CyclicDependencyException.class)
        .hasMessage("dependency cycle: a -> b -> c -> a; remove one of these dependencies to make the"
            + " graph acyclic");
  }

  @Test
  void plan_unknownDependency() {
    assertThatThrownBy(() -> w().task("report", t -> t.after("deplo").run(NOTHING)).build().plan())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 'report' depends on unknown task 'deplo'");
  }

  @Test
  void plan_duplicateId() {
    assertThatThrownBy(() -> w().forEach("x", List.of(1), (i, t) -> t.run(NOTHING))
        .forEach("y", List.of(1), (i, t) -> t.id("x-1").run(NOTHING)).build().plan())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate task id 'x-1': tasks #0 and #1 both use it; task ids must be unique"
            + " within a plan");
  }
}
