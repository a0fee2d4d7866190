package dev.orchestrator.cluster;

import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.TaskAction;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * The layered DAG the cluster tests run, built the same way in every member's JVM: {@code layers}
 * layers of {@code width} tasks; each task after the first layer reads the outputs (DATA) of two
 * tasks of the layer before and outputs their sum plus one, so that its value checks that outputs
 * travel between members.
 */
final class LayeredPlans {

  private LayeredPlans() {}

  static String id(int layer, int i) {
    return "L" + layer + "-" + i;
  }

  /** The output every task must have: 1 in the first layer, then the sum of its two inputs + 1. */
  static long expected(int layer) {
    long v = 1;
    for (int l = 1; l <= layer; l++) {
      v = 2 * v + 1;
    }
    return v;
  }

  /**
   * @param work what each task does before computing its output, given the task id and attempt
   */
  static Plan layered(String name, int layers, int width, BiConsumer<String, Integer> work) {
    Plan.Builder plan = Plan.builder(name);
    for (int l = 0; l < layers; l++) {
      for (int i = 0; i < width; i++) {
        String id = id(l, i);
        TaskSpec.Builder task = TaskSpec.builder(id).estimate(Duration.ofMillis(1));
        if (l == 0) {
          task.produce(ctx -> {
            work.accept(id, ctx.attempt());
            return 1L;
          });
        } else {
          String a = id(l - 1, i);
          String b = id(l - 1, (i + 1) % width);
          task.after(DependencyKind.DATA, a, b).produce(ctx -> {
            work.accept(id, ctx.attempt());
            return ctx.input(a, Long.class) + ctx.input(b, Long.class) + 1;
          });
        }
        plan.add(task.build());
      }
    }
    return plan.build();
  }

  /** An action that ignores its context, for tests that need no outputs. */
  static TaskAction noop() {
    return ctx -> {};
  }
}
