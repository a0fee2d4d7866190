package dev.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.TaskSpec;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Random graphs with random failures: every task ends in exactly one state, by the rules. */
class TerminalStatesPropertyTest {

  @Property(tries = 60)
  void run_everyTaskEndsInExactlyOneTerminalStateByTheRules(
      @ForAll @IntRange(min = 1, max = 40) int size,
      @ForAll @IntRange(min = 1, max = 4) int agents,
      @ForAll long seed,
      @ForAll boolean failFast) throws Exception {
    Random random = new Random(seed);
    boolean[] fails = new boolean[size];
    Plan.Builder b = Plan.builder("random");
    for (int i = 0; i < size; i++) {
      fails[i] = random.nextInt(6) == 0;
      boolean fail = fails[i];
      TaskSpec.Builder t = TaskSpec.builder("t" + i).run(ctx -> {
        if (fail) {
          throw new IllegalStateException("planned failure");
        }
      });
      for (int j = 0; j < i; j++) {
        if (random.nextInt(8) == 0) {
          t.after(DependencyKind.values()[random.nextInt(3)], "t" + j);
        }
      }
      b.add(t.build());
    }
    Plan plan = b.build();
    RunReport report = Runs.run(plan, RunOptions.builder().agents(agents)
        .failurePolicy(failFast ? FailurePolicy.FAIL_FAST : FailurePolicy.CONTINUE).build());
    assertThat(report.taskCount()).isEqualTo(size);
    assertThat(report.succeeded() + report.failed() + report.skipped() + report.cancelled())
        .isEqualTo(size);
    for (int i = 0; i < size; i++) {
      TaskSpec task = plan.tasks().get(i);
      TaskState state = report.state(task.id());
      assertThat(state.isTerminal()).isTrue();
      if (state == TaskState.SUCCEEDED) {
        assertThat(fails[i]).isFalse();
        for (var d : task.dependencies()) {
          TaskState dep = report.state(d.on());
          if (d.kind() == DependencyKind.SOFT) {
            assertThat(dep.isTerminal()).isTrue();
          } else {
            assertThat(dep).isEqualTo(TaskState.SUCCEEDED);
          }
        }
      }
      if (state == TaskState.SKIPPED) {
        List<TaskState> hardDeps = task.dependencies().stream()
            .filter(d -> d.kind() != DependencyKind.SOFT).map(d -> report.state(d.on())).toList();
        assertThat(hardDeps).anyMatch(s -> s == TaskState.FAILED || s == TaskState.SKIPPED
            || s == TaskState.CANCELLED);
      }
      if (state == TaskState.FAILED) {
        assertThat(fails[i]).isTrue();
      }
      if (!failFast) {
        assertThat(state).isNotEqualTo(TaskState.CANCELLED);
      }
    }
  }
}
