package dev.orchestrator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.RetryPolicy;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The run's decisions, driven by hand on a virtual clock. */
class RunStateTest {

  private static final long MS = 1_000_000;

  private static TaskSpec.Builder t(String id) {
    return TaskSpec.builder(id).run(ctx -> {});
  }

  /** Records every effect as a line of text. */
  private static final class Log implements RunState.Effects {
    final List<String> lines = new ArrayList<>();
    RunState state;

    @Override
    public void ended(int task, byte outcome, int cause, long at) {
      lines.add("ended " + state.id(task) + " " + outcome + (cause >= 0 ? " <- " + state.id(cause) : "")
          + " at " + at / MS);
    }

    @Override
    public void retrying(int task, int attempt, Throwable error, long delayNanos) {
      lines.add("retry " + state.id(task) + " #" + attempt + " in " + delayNanos / MS);
    }

    @Override
    public void failing(int task, byte outcome, Throwable error) {
      lines.add("failing " + state.id(task) + " " + outcome);
    }

    @Override
    public void cancelling(String cause) {
      lines.add("cancelling: " + cause);
    }

    @Override
    public void cancelled(String cause) {
      lines.add("cancelled");
    }
  }

  private static RunState state(Plan plan, boolean failFast, Log log) {
    TaskGraph g = PlanInternals.graph(plan);
    Dispatcher.Settings s = new Dispatcher.Settings(false, plan.concurrencyLimit(), 0);
    RunState state = new RunState(g, PriorityOrder.criticalPathOrder(g), s, failFast,
        new SplittableRandom(1), log);
    log.state = state;
    return state;
  }

  @Test
  void attemptFailed_retryPolicyAllows_retriesAfterTheBackoffThenFailsForGood() {
    RetryPolicy retry = RetryPolicy.builder().maxAttempts(2).delay(Duration.ofMillis(5)).build();
    Plan plan = Plan.builder("retry").add(t("a").retry(retry).build()).add(t("b").after("a").build())
        .build();
    Log log = new Log();
    RunState state = state(plan, false, log);
    int slot = state.agentJoined(Set.of());
    int a = state.next(0, slot);
    assertThat(state.attemptFailed(a, 1, new RuntimeException("x"), false, 10 * MS))
        .isEqualTo(RunState.RETRY);
    assertThat(state.next(11 * MS, slot)).isEqualTo(Dispatcher.NONE);
    assertThat(state.retryDue(a, 15 * MS)).isTrue();
    assertThat(state.next(15 * MS, slot)).isEqualTo(a);
    assertThat(state.attemptFailed(a, 2, new RuntimeException("x"), false, 20 * MS))
        .isEqualTo(Dispatcher.FAILED);
    assertThat(state.isDone()).isTrue();
    assertThat(log.lines).containsExactly("retry a #1 in 5", "failing a 2", "ended a 2 at 20",
        "ended b 3 <- a at 20");
  }

  @Test
  void attemptFailed_gateShut_neverRetries() {
    Plan plan = Plan.builder("gate")
        .add(t("g").retry(RetryPolicy.exponential(3, Duration.ZERO)).build()).build();
    Log log = new Log();
    RunState state = state(plan, false, log);
    int g = state.next(0, state.agentJoined(Set.of()));
    assertThat(state.attemptFailed(g, 1, new Exception("shut"), true, MS)).isEqualTo(Dispatcher.FAILED);
  }

  @Test
  void attemptFailed_zeroDelay_isReadyAgainAtOnce() {
    Plan plan = Plan.builder("zero")
        .add(t("a").retry(RetryPolicy.builder().maxAttempts(2).delay(Duration.ZERO).build()).build())
        .build();
    RunState state = state(plan, false, new Log());
    int slot = state.agentJoined(Set.of());
    int a = state.next(0, slot);
    state.attemptFailed(a, 1, new RuntimeException(), false, MS);
    assertThat(state.next(MS, slot)).isEqualTo(a);
  }

  @Test
  void attemptFailed_failFast_cancelsTheRestWithTheCause() {
    Plan plan = Plan.builder("ff").add(t("a").build()).add(t("b").build()).add(t("c").build())
        .add(t("d").after("b").build()).build();
    Log log = new Log();
    RunState state = state(plan, true, log);
    int s1 = state.agentJoined(Set.of());
    int s2 = state.agentJoined(Set.of());
    int b = state.next(0, s1); // the longest path first
    int a = state.next(0, s2);
    assertThat(state.id(a)).isEqualTo("a");
    state.attemptFailed(a, 1, new RuntimeException(), false, 3 * MS);
    assertThat(state.cancelCause())
        .isEqualTo("the run was cancelled after task 'a' failed (FAIL_FAST)");
    // b is still running: it ends CANCELLED when its attempt does, whatever it threw.
    assertThat(state.attemptFailed(b, 1, new InterruptedException(), false, 4 * MS))
        .isEqualTo(Dispatcher.CANCELLED);
    assertThat(log.lines).containsExactly("failing a 2", "ended a 2 at 3",
        "cancelling: the run was cancelled after task 'a' failed (FAIL_FAST)", "ended c 4 at 3",
        "ended d 4 at 3", "cancelled", "failing b 4", "ended b 4 at 4");
    assertThat(state.cancel("again", 5 * MS)).isFalse();
  }

  @Test
  void spawn_parentEndsAfterItsChildrenAndNoSoonerThanTheLast() {
    Plan plan = Plan.builder("spawn").add(t("p").build()).build();
    Log log = new Log();
    RunState state = state(plan, false, log);
    int s1 = state.agentJoined(Set.of());
    int s2 = state.agentJoined(Set.of());
    int p = state.next(0, s1);
    int child = state.spawn(p, t("c").build(), MS);
    assertThat(state.id(child)).isEqualTo("p/c");
    assertThat(state.spawn(p, t("c").build(), MS)).isEqualTo(child); // a retried parent's again
    assertThat(state.next(MS, s2)).isEqualTo(child);
    state.attemptSucceeded(p, 2 * MS);
    state.attemptSucceeded(child, 7 * MS);
    assertThat(log.lines).containsExactly("ended p/c 1 at 7", "ended p 1 at 7");
  }

  @Test
  void spawn_idThePlanHasOrCancelledRun_failsWithTheReason() {
    Plan plan = Plan.builder("spawn").add(t("p").build()).add(t("p/c").build()).build();
    RunState state = state(plan, false, new Log());
    int p = state.next(0, state.agentJoined(Set.of()));
    assertThatThrownBy(() -> state.spawn(p, t("c").build(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 'p' cannot spawn 'c': the plan already has a task 'p/c'");
    state.cancel("stop", 0);
    assertThatThrownBy(() -> state.spawn(p, t("d").build(), 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("task 'p' cannot spawn 'd': the run is being cancelled");
  }

  @Test
  void compensationOrder_latestSuccessFirst() {
    Plan plan = Plan.builder("saga")
        .add(t("a").compensate(ctx -> {}).build())
        .add(t("b").after("a").build())
        .add(t("c").after("b").compensate(ctx -> {}).build())
        .build();
    RunState state = state(plan, false, new Log());
    int slot = state.agentJoined(Set.of());
    for (int k = 0; k < 3; k++) {
      state.attemptSucceeded(state.next(k, slot), k + 1);
    }
    TaskGraph g = PlanInternals.graph(plan);
    assertThat(state.compensationOrder()).containsExactly(g.indexOf("c"), g.indexOf("a"));
  }

  @Test
  void timeoutError_namesTheTaskAndTheLimit() {
    Plan plan = Plan.builder("timeout").add(t("slow").timeout(Duration.ofMillis(20)).build()).build();
    RunState state = state(plan, false, new Log());
    int t = state.next(0, state.agentJoined(Set.of()));
    assertThat(state.timeoutFired(t)).isTrue();
    assertThat(state.timeoutError(t, null, true))
        .hasMessage("task 'slow' timed out after PT0.02S; the attempt ignored the interrupt and was"
            + " abandoned");
    state.attemptSucceeded(t, 1);
    assertThat(state.timeoutFired(t)).isFalse();
  }
}
