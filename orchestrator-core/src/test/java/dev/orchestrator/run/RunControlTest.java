package dev.orchestrator.run;

import static dev.orchestrator.run.Runs.act;
import static dev.orchestrator.run.Runs.await;
import static dev.orchestrator.run.Runs.noop;
import static dev.orchestrator.run.Runs.plan;
import static dev.orchestrator.run.Runs.task;
import static dev.orchestrator.run.Runs.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.Priority;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

class RunControlTest {

  @Test
  void pause_stopsStartingTasksUntilResumed() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Plan plan = plan(task("first").priority(Priority.HIGH).run(ctx -> await(release)).build(),
        noop("second"));
    Run run = Engine.start(plan, RunOptions.builder().agents(1).build());
    until(() -> run.running() == 1, "'first' runs");
    run.pause();
    assertThat(run.isPaused()).isTrue();
    release.countDown();
    until(() -> run.succeeded() == 1, "'first' finished");
    // The agent that finished 'first' found the run paused and went idle.
    assertThat(run.running()).isZero();
    assertThat(run.pending()).isEqualTo(1);
    run.resume();
    RunReport report = Runs.finish(run);
    assertThat(report.isSuccess()).isTrue();
  }

  @Test
  void cancel_interruptsRunningAndCancelsPendingTasks() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(2);
    Plan plan = plan(
        act("r1", ctx -> { started.countDown(); await(never); }),
        act("r2", ctx -> { started.countDown(); await(never); }),
        noop("after", "r1"), noop("queued"));
    Run run = Engine.start(plan, RunOptions.builder().agents(2).build());
    await(started);
    run.cancel();
    RunReport report = Runs.finish(run);
    assertThat(report.wasCancelled()).isTrue();
    assertThat(report.cancelled()).isEqualTo(4);
    assertThat(report.task("after").cause()).contains("the run was cancelled");
    assertThat(report.task("r1").error()).get().isInstanceOf(InterruptedException.class);
    assertThat(run.cancelled()).isEqualTo(4);
  }

  @Test
  void cancel_abandonsTasksThatIgnoreTheInterruptAfterTheGrace() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    Plan plan = plan(act("stubborn", ctx -> {
      started.countDown();
      while (release.getCount() > 0) {
        try {
          release.await();
        } catch (InterruptedException ignored) {
          // deliberately ignores the interrupt
        }
      }
    }));
    VirtualClock clock = new VirtualClock();
    Run run = clock.start(plan, RunOptions.builder().agents(1).cancelGrace(Duration.ofMillis(20)).build());
    try {
      await(started);
      run.cancel(); // interrupts, which the task ignores
      clock.advance(Duration.ofMillis(20).minusNanos(1));
      assertThat(run.isDone()).as("within the grace").isFalse();
      clock.advance(Duration.ofNanos(1));
      RunReport report = Runs.finish(run);
      assertThat(report.state("stubborn")).isEqualTo(TaskState.CANCELLED);
      assertThat(report.task("stubborn").cause()).contains(
          "the run was cancelled; the task ignored the interrupt and was abandoned after PT0.02S");
      assertThat(report.pool().abandonedAttempts()).isEqualTo(1);
    } finally {
      release.countDown();
    }
  }

  @Test
  void resize_growsThePoolWhileRunning() throws Exception {
    CyclicBarrier three = new CyclicBarrier(3);
    Plan plan = plan(act("a", ctx -> await(three)), act("b", ctx -> await(three)),
        act("c", ctx -> await(three)));
    Run run = Engine.start(plan, RunOptions.builder().agents(1).build());
    until(() -> run.running() == 1, "one task runs on the one agent");
    run.resize(3, "more work than agents");
    RunReport report = Runs.finish(run);
    assertThat(report.isSuccess()).isTrue();
    assertThat(report.pool().agentsCreated()).isEqualTo(3);
    assertThat(report.adjustments()).singleElement().satisfies(a -> {
      assertThat(a.fromAgents()).isEqualTo(1);
      assertThat(a.toAgents()).isEqualTo(3);
      assertThat(a.reason()).isEqualTo("more work than agents");
    });
  }

  @Test
  void resize_shrinksThePoolAfterCurrentTasks() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CyclicBarrier three = new CyclicBarrier(3);
    Plan.Builder b = Plan.builder("shrink");
    for (String id : new String[] {"a", "b", "c"}) {
      b.add(act(id, ctx -> { await(three); await(release); }));
    }
    for (int i = 0; i < 6; i++) {
      b.add(noop("later-" + i, "a", "b", "c"));
    }
    Run run = Engine.start(b.build(), RunOptions.builder().agents(3).build());
    until(() -> run.running() == 3, "three tasks run");
    run.resize(1);
    release.countDown();
    RunReport report = Runs.finish(run);
    assertThat(run.agents()).isEqualTo(1);
    String survivor = report.task("later-0").agent().orElseThrow();
    for (int i = 0; i < 6; i++) {
      assertThat(report.task("later-" + i).agent()).contains(survivor);
    }
    assertThat(report.adjustments().get(0).reason()).isEqualTo("resized by the user");
  }

  @Test
  void resize_rejectsFewerThanOneAgent() {
    Run run = Engine.start(plan(noop("a")), RunOptions.builder().agents(1).build());
    assertThatThrownBy(() -> run.resize(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agents must be >= 1: 0");
  }
}
