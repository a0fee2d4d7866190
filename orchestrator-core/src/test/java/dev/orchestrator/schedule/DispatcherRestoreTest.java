package dev.orchestrator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.plan.ExecutionMode;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The two transitions resume and group pausing need: restore and endWaiting. */
class DispatcherRestoreTest {

  private static TaskSpec.Builder t(String id) {
    return TaskSpec.builder(id).run(ctx -> {});
  }

  private static Dispatcher dispatcher(Plan plan, List<String> terminal) {
    TaskGraph g = PlanInternals.graph(plan);
    Dispatcher.Settings s = new Dispatcher.Settings(plan.mode().hasBarriers(), plan.concurrencyLimit(), 0);
    return new Dispatcher(g, PriorityOrder.criticalPathOrder(g), s, new Dispatcher.Events() {
      @Override
      public void terminal(int task, byte outcome, int cause) {
        terminal.add(g.id(task) + ":" + outcome);
      }
    });
  }

  private static int index(Plan plan, String id) {
    return PlanInternals.graph(plan).indexOf(id);
  }

  private static List<String> drain(Plan plan, Dispatcher d, int slot) {
    List<String> started = new ArrayList<>();
    for (int t = d.next(0, slot); t != Dispatcher.NONE; t = d.next(0, slot)) {
      started.add(PlanInternals.graph(plan).id(t));
      d.finished(t, Dispatcher.SUCCEEDED, 0);
    }
    return started;
  }

  @Test
  void restore_readyAndWaitingTasksEndSucceededAndReleaseTheirDependents() {
    Plan plan = Plan.builder("restore")
        .add(t("a").build())
        .add(t("b").after("a").build())
        .add(t("c").after(DependencyKind.DATA, "b").build())
        .add(t("d").build())
        .build();
    List<String> terminal = new ArrayList<>();
    Dispatcher d = dispatcher(plan, terminal);
    int slot = d.join(Set.of());
    d.restore(index(plan, "a"), 0); // ready at the start
    d.restore(index(plan, "b"), 0); // waiting on "a" until a moment ago
    assertThat(terminal).containsExactly("a:1", "b:1");
    assertThat(drain(plan, d, slot)).containsExactlyInAnyOrder("c", "d");
    assertThat(d.isDone()).isTrue();
    assertThat(d.terminalCount()).isEqualTo(4);
  }

  @Test
  void restore_heldTaskInABarrierModeAdvancesTheWave() {
    Plan plan = Plan.builder("waves").mode(ExecutionMode.WAVES)
        .add(t("a").build())
        .add(t("b").after("a").build())
        .add(t("x").build())
        .build();
    List<String> terminal = new ArrayList<>();
    Dispatcher d = dispatcher(plan, terminal);
    int slot = d.join(Set.of());
    d.restore(index(plan, "a"), 0);
    d.restore(index(plan, "x"), 0);
    assertThat(drain(plan, d, slot)).containsExactly("b");
    assertThat(d.isDone()).isTrue();
  }

  @Test
  void restore_runningTask_isRejected() {
    Plan plan = Plan.builder("p").add(t("a").build()).build();
    Dispatcher d = dispatcher(plan, new ArrayList<>());
    int slot = d.join(Set.of());
    int a = d.next(0, slot);
    assertThatThrownBy(() -> d.restore(a, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("task #0 cannot be restored in state RUNNING");
  }

  @Test
  void endWaiting_cancelsARetryWaitingTaskAndSkipsNothingButItsDependents() {
    Plan plan = Plan.builder("p")
        .add(t("a").build())
        .add(t("b").after("a").build())
        .add(t("s").after(DependencyKind.SOFT, "a").build())
        .build();
    List<String> terminal = new ArrayList<>();
    Dispatcher d = dispatcher(plan, terminal);
    int slot = d.join(Set.of());
    int a = d.next(0, slot);
    d.retrying(a);
    assertThat(d.isWaitingToRetry(a)).isTrue();
    d.endWaiting(a, Dispatcher.CANCELLED, 0);
    assertThat(terminal).containsExactly("a:4", "b:3");
    assertThat(drain(plan, d, slot)).containsExactly("s");
    assertThat(d.isDone()).isTrue();
  }

  @Test
  void endWaiting_taskNotWaiting_isRejected() {
    Plan plan = Plan.builder("p").add(t("a").build()).build();
    Dispatcher d = dispatcher(plan, new ArrayList<>());
    assertThatThrownBy(() -> d.endWaiting(0, Dispatcher.CANCELLED, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("task #0 is not waiting to retry");
  }
}
