package dev.orchestrator.scale;

import dev.orchestrator.Workflow;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.resource.RateLimit;
import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The example scenarios as plans, with the machine and the agent costs the scenario table of
 * docs/scaling-model.md states.
 */
final class TableScenarios {

  private TableScenarios() {}

  /** The machine every row assumes: 8 cores, 32 GiB, a typical SSD and API rate. */
  static final Capacity MACHINE = Capacity.builder()
      .cpuCores(8)
      .memory(32L << 30)
      .diskIops(10_000)
      .rateLimit("api", RateLimit.of(1_000, Duration.ofSeconds(1)))
      .build();

  /** A slow agent: 0.3 s of coordination each, like an assistant session that has to start up. */
  static final CostModel SLOW_AGENT = CostModel.builder()
      .agentStartup(Duration.ofMillis(300)).taskDispatch(Duration.ZERO).contention(0, 1).build();

  /** Our virtual-thread agent, with round figures above what CostModel.measured() finds here. */
  static final CostModel VIRTUAL_THREAD_AGENT = CostModel.builder()
      .agentStartup(Duration.ofNanos(5_000)).taskDispatch(Duration.ofNanos(500)).contention(0.05, 8)
      .build();

  static AutoScaler scaler(CostModel costs) {
    return AutoScaler.builder().capacity(MACHINE).costs(costs).serviceLoading(false).build();
  }

  static Plan chain(int n, Duration each) {
    Workflow.Builder w = Workflow.named("chain of " + n);
    for (int i = 1; i <= n; i++) {
      int previous = i - 1;
      w.task("step-" + i, t -> {
        t.estimate(each).run(ctx -> { });
        if (previous > 0) {
          t.after("step-" + previous);
        }
      });
    }
    return w.build().plan();
  }

  static Plan shallow(int n, Duration each) {
    return Workflow.named(n + " shallow")
        .task("setup", t -> t.estimate(Duration.ofMinutes(1)).run(ctx -> { }))
        .forEach("work", range(n), (i, t) -> t.estimate(each).run(ctx -> { }))
        .after("setup")
        .build().plan();
  }

  static Plan independent(String name, String goal, int n, TaskType type, Duration each) {
    Workflow.Builder w = Workflow.named(name);
    if (goal != null) {
      w.goal(goal);
    }
    return w.forEach("task", range(n), (i, t) -> t.type(type).estimate(each).run(ctx -> { }))
        .build().plan();
  }

  static Plan bugFix() {
    return Workflow.named("auth bug fix")
        .goal("Fix the authentication bug where users can't log in after password reset."
            + " Debug, fix, test, and document.")
        .task("reproduce", t -> t.estimate(Duration.ofMinutes(8)).run(ctx -> { }))
        .task("analyze-logs", t -> t.estimate(Duration.ofMinutes(12)).after("reproduce")
            .run(ctx -> { }))
        .task("review-reset-code", t -> t.estimate(Duration.ofMinutes(12)).after("reproduce")
            .run(ctx -> { }))
        .task("implement-fix", t -> t.estimate(Duration.ofMinutes(15))
            .after("analyze-logs", "review-reset-code").run(ctx -> { }))
        .task("unit-tests", t -> t.estimate(Duration.ofMinutes(10)).after("implement-fix")
            .run(ctx -> { }))
        .task("integration-tests", t -> t.estimate(Duration.ofMinutes(10)).after("implement-fix")
            .run(ctx -> { }))
        .task("update-docs", t -> t.estimate(Duration.ofMinutes(8))
            .after("unit-tests", "integration-tests").run(ctx -> { }))
        .task("final-commit", t -> t.critical().estimate(Duration.ofMinutes(5))
            .after("update-docs").run(ctx -> { }))
        .build().plan();
  }

  /** The 85 subtasks of the repository clean-up, 3 minutes each. */
  static Plan repositoryCleanup(boolean goalAsksFor50) {
    Duration each = Duration.ofMinutes(3);
    Workflow.Builder w = Workflow.named("repository clean-up");
    if (goalAsksFor50) {
      w.goal("Execute the task of cleaning up and enhancing navigability of this repo using 50"
          + " parallel agents");
    }
    return w
        .forEach("remove-duplicate", range(20), (i, t) -> t.type(TaskType.FILE_IO).estimate(each)
            .run(ctx -> { }))
        .forEach("consolidate-doc", range(15), (i, t) -> t.type(TaskType.FILE_IO).estimate(each)
            .run(ctx -> { }))
        .forEach("update-dependency", range(10), (i, t) -> t.estimate(each).run(ctx -> { }))
        .forEach("fix-lint", range(25), (i, t) -> t.estimate(each).run(ctx -> { }))
        .after("update-dependency")
        .forEach("refactor", range(10), (i, t) -> t.estimate(each).run(ctx -> { }))
        .after("remove-duplicate")
        .forEach("update-readme", range(5), (i, t) -> t.type(TaskType.FILE_IO).estimate(each)
            .run(ctx -> { }))
        .after("consolidate-doc", "refactor")
        .build().plan();
  }

  static List<Integer> range(int n) {
    return IntStream.rangeClosed(1, n).boxed().toList();
  }
}
