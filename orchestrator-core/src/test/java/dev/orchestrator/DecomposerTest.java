package dev.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.Dependency;
import dev.orchestrator.task.TaskAction;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DecomposerTest {

  private static final TaskAction NOTHING = ctx -> { };

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  @Test
  void recursiveSplit_binaryTree() {
    Map<String, List<Integer>> leafItems = new HashMap<>();
    Map<String, Decomposer.Merge<Integer>> merges = new HashMap<>();
    Workflow workflow = Workflow.named("sort")
        .decompose(Decomposer.recursiveSplit("sort", range(10), 3,
            (items, t) -> {
              leafItems.put(t.id(), items);
              t.estimate(Duration.ofSeconds(items.size())).run(NOTHING);
            },
            (merge, t) -> {
              merges.put(t.id(), merge);
              t.estimate(Duration.ofSeconds(1)).run(NOTHING);
            }))
        .task("report", t -> t.after("sort").run(NOTHING))
        .build();

    // 10 -> 5 + 5 -> (2 + 3) + (2 + 3)
    assertThat(workflow.tasks()).extracting(TaskSpec::id).containsExactly(
        "sort-leaf-1", "sort-leaf-2", "sort-merge-1", "sort-leaf-3", "sort-leaf-4", "sort-merge-2",
        "sort", "report");
    assertThat(leafItems).containsEntry("sort-leaf-1", List.of(0, 1))
        .containsEntry("sort-leaf-2", List.of(2, 3, 4))
        .containsEntry("sort-leaf-3", List.of(5, 6))
        .containsEntry("sort-leaf-4", List.of(7, 8, 9));
    assertThat(merges.get("sort-merge-1").items()).containsExactly(0, 1, 2, 3, 4);
    assertThat(merges.get("sort-merge-1").inputs()).containsExactly("sort-leaf-1", "sort-leaf-2");
    assertThat(merges.get("sort").inputs()).containsExactly("sort-merge-1", "sort-merge-2");
    assertThat(merges.get("sort").items()).isEqualTo(range(10));

    Plan plan = workflow.plan();
    assertThat(plan.dependenciesOf("sort")).containsExactly(
        Dependency.data("sort-merge-1"), Dependency.data("sort-merge-2"));
    assertThat(plan.analysis().levelWidths()).containsExactly(4, 2, 1, 1);
    // leaf of 3 s, two merges of 1 s each, then the report (default 1 s)
    assertThat(plan.analysis().criticalPathLength()).isEqualTo(Duration.ofSeconds(6));
    assertThat(plan.analysis().totalWork()).isEqualTo(Duration.ofSeconds(10 + 3 + 1));
  }

  @Test
  void recursiveSplit_everyLeafWithinSizeAndItemsCoveredOnce() {
    for (int n : new int[] {1, 2, 7, 64, 100, 1000}) {
      for (int leaf : new int[] {1, 3, 10}) {
        for (int ways : new int[] {2, 3, 5}) {
          List<Integer> seen = new ArrayList<>();
          Workflow workflow = Workflow.named("w")
              .decompose(Decomposer.recursiveSplit("s", range(n), leaf, ways,
                  (items, t) -> {
                    assertThat(items).hasSizeBetween(1, leaf);
                    seen.addAll(items);
                    t.run(NOTHING);
                  },
                  (merge, t) -> {
                    assertThat(merge.inputs()).hasSizeBetween(2, ways);
                    t.run(NOTHING);
                  }))
              .build();
          assertThat(seen).as("n=%d leaf=%d ways=%d", n, leaf, ways).isEqualTo(range(n));
          Plan plan = workflow.plan();
          assertThat(plan.dependentsOf("s")).isEmpty(); // the root is the only sink
          int leaves = (int) plan.tasks().stream().filter(t -> t.id().contains("-leaf-")).count();
          assertThat(leaves == 0 ? n <= leaf : leaves >= (n + leaf - 1) / leaf).isTrue();
        }
      }
    }
  }

  @Test
  void recursiveSplit_fewItemsMakeOneLeafNamedAfterTheSplit() {
    Workflow workflow = Workflow.named("w")
        .decompose(Decomposer.recursiveSplit("s", List.of("a", "b"), 5,
            (items, t) -> t.name(items.toString()).run(NOTHING), (merge, t) -> t.run(NOTHING)))
        .build();
    assertThat(workflow.tasks()).extracting(TaskSpec::id).containsExactly("s");
    assertThat(workflow.tasks().get(0).name()).isEqualTo("[a, b]");
    Workflow empty = Workflow.named("w")
        .decompose(Decomposer.recursiveSplit("s", List.of(), 5, (items, t) -> t.run(NOTHING),
            (merge, t) -> t.run(NOTHING)))
        .build();
    assertThat(empty.tasks()).extracting(TaskSpec::id).containsExactly("s");
  }

  @Test
  void recursiveSplit_copiesItems() {
    List<Integer> items = new ArrayList<>(range(4));
    Decomposer split = Decomposer.recursiveSplit("s", items, 2, (part, t) -> t.run(NOTHING),
        (merge, t) -> t.run(NOTHING));
    items.clear();
    assertThat(Workflow.named("w").decompose(split).build().tasks()).hasSize(3);
  }

  @Test
  void recursiveSplit_checks() {
    assertThatThrownBy(() -> Decomposer.recursiveSplit(null, range(1), 1, (i, t) -> { }, (m, t) -> { }))
        .isInstanceOf(NullPointerException.class).hasMessage("split name cannot be null");
    assertThatThrownBy(() -> Decomposer.recursiveSplit(" ", range(1), 1, (i, t) -> { }, (m, t) -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("split name cannot be blank");
    assertThatThrownBy(() -> Decomposer.recursiveSplit("s", null, 1, (i, t) -> { }, (m, t) -> { }))
        .isInstanceOf(NullPointerException.class).hasMessage("split 's': items cannot be null");
    assertThatThrownBy(() -> Decomposer.<Integer>recursiveSplit("s", range(1), 1, null, (m, t) -> { }))
        .isInstanceOf(NullPointerException.class).hasMessage("split 's': leaf configuration cannot be null");
    assertThatThrownBy(() -> Decomposer.<Integer>recursiveSplit("s", range(1), 1, (i, t) -> { }, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("split 's': merge configuration cannot be null");
    assertThatThrownBy(() -> Decomposer.recursiveSplit("s", range(1), 0, (i, t) -> { }, (m, t) -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("split 's': max leaf size must be >= 1: 0");
    assertThatThrownBy(() -> Decomposer.recursiveSplit("s", range(1), 1, 1, (i, t) -> { }, (m, t) -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("split 's': ways must be >= 2: 1");
  }
}
