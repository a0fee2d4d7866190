package dev.orchestrator;

import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.TaskSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Turns a goal into tasks on a workflow builder: a user's own way to decompose work (one backed by
 * an external planner, say), applied with {@link Workflow.Builder#decompose(Decomposer)}.
 *
 * <pre>{@code
 * Decomposer perShard = workflow -> {
 *   for (Shard shard : catalog.shards()) {
 *     workflow.task("reindex-" + shard.id(), t -> t.group(shard.region()).run(ctx -> reindex(shard)));
 *   }
 * };
 * Workflow.named("reindex").decompose(perShard).build();
 * }</pre>
 *
 * <p>{@link #recursiveSplit} is the built-in divide-and-conquer decomposer.
 */
@FunctionalInterface
public interface Decomposer {

  /**
   * Adds tasks (and blocks, gates, dependencies) to the workflow.
   *
   * @param workflow the builder to add to
   */
  void decompose(Workflow.Builder workflow);

  /**
   * What a merge task of a {@link #recursiveSplit} covers: the items below it and the tasks whose
   * outputs it merges.
   *
   * @param items the items of every leaf below this merge, in order
   * @param inputs the ids of the tasks it merges, in item order; it has a {@link
   *     DependencyKind#DATA DATA} dependency on each, so it reads them with {@code ctx.input(id,
   *     type)}
   * @param <T> the item type
   */
  record Merge<T>(List<T> items, List<String> inputs) {
    public Merge {
      items = Collections.unmodifiableList(items);
      inputs = List.copyOf(inputs);
    }
  }

  /**
   * A binary {@link #recursiveSplit(String, List, int, int, BiConsumer, BiConsumer) recursive
   * split}: halves the items until each part has at most {@code maxLeafSize}.
   */
  static <T> Decomposer recursiveSplit(String name, List<T> items, int maxLeafSize,
      BiConsumer<List<T>, TaskSpec.Builder> leaf, BiConsumer<Merge<T>, TaskSpec.Builder> merge) {
    return recursiveSplit(name, items, maxLeafSize, 2, leaf, merge);
  }

  /**
   * Divide and conquer: splits the items into {@code ways} parts of near-equal size, each part
   * again, until a part has at most {@code maxLeafSize} items; each such part becomes a leaf task,
   * and each split a merge task that comes after (DATA) the tasks of its parts. The result is a tree
   * whose root, the task with id {@code name}, finishes when all the work has been merged, so later
   * tasks simply come {@code after(name)}.
   *
   * <pre>{@code
   * Workflow sort = Workflow.named("sort")
   *     .decompose(Decomposer.recursiveSplit("sort", numbers, 10_000,
   *         (chunk, t) -> t.type(TaskType.COMPUTATION).produce(ctx -> sorted(chunk)),
   *         (merge, t) -> t.produce(ctx -> mergeSorted(merge.inputs(), ctx))))
   *     .task("report", t -> t.after("sort").run(ctx -> report(ctx)))
   *     .build();
   * }</pre>
   *
   * <p>Ids: leaves are {@code name-leaf-1}, {@code name-leaf-2}, ... from left to right; merges below
   * the root are {@code name-merge-1}, ... bottom-up; the root is {@code name} (a single leaf when
   * all the items fit in one). Each task is a block of its own.
   *
   * @param name the id of the root task and the prefix of the others
   * @param items the items (copied when the decomposer is made)
   * @param maxLeafSize the most items a leaf task handles
   * @param ways the parts each split makes
   * @param leaf sets up the task of a leaf; it must give the task an action
   * @param merge sets up a merge task; it must give the task an action
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} is blank, {@code maxLeafSize < 1} or {@code
   *     ways < 2}
   */
  static <T> Decomposer recursiveSplit(String name, List<T> items, int maxLeafSize, int ways,
      BiConsumer<List<T>, TaskSpec.Builder> leaf, BiConsumer<Merge<T>, TaskSpec.Builder> merge) {
    Objects.requireNonNull(name, "split name cannot be null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("split name cannot be blank");
    }
    Objects.requireNonNull(items, () -> "split '" + name + "': items cannot be null");
    Objects.requireNonNull(leaf, () -> "split '" + name + "': leaf configuration cannot be null");
    Objects.requireNonNull(merge, () -> "split '" + name + "': merge configuration cannot be null");
    if (maxLeafSize < 1) {
      throw new IllegalArgumentException(
          "split '" + name + "': max leaf size must be >= 1: " + maxLeafSize);
    }
    if (ways < 2) {
      throw new IllegalArgumentException("split '" + name + "': ways must be >= 2: " + ways);
    }
    List<T> copy = Collections.unmodifiableList(new ArrayList<>(items));
    return workflow -> new Object() {
      int leaves;
      int merges;

      /** Adds the tasks of items[from, to) and returns the id of their top task. */
      String node(int from, int to, boolean root) {
        int size = to - from;
        if (size <= maxLeafSize) {
          String id = root ? name : name + "-leaf-" + ++leaves;
          List<T> part = copy.subList(from, to);
          workflow.task(id, t -> leaf.accept(part, t));
          return id;
        }
        int parts = (int) Math.min(ways, (size + (long) maxLeafSize - 1) / maxLeafSize);
        List<String> inputs = new ArrayList<>(parts);
        for (int k = 0; k < parts; k++) {
          int start = from + (int) ((long) size * k / parts);
          int end = from + (int) ((long) size * (k + 1) / parts);
          inputs.add(node(start, end, false));
        }
        String id = root ? name : name + "-merge-" + ++merges;
        Merge<T> view = new Merge<>(copy.subList(from, to), inputs);
        workflow.task(id, t -> {
          merge.accept(view, t);
          t.after(DependencyKind.DATA, inputs.toArray(String[]::new));
        });
        return id;
      }
    }.node(0, copy.size(), true);
  }
}
