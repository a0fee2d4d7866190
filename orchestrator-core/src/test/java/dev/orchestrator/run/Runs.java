package dev.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskOutcome;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.TaskAction;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Helpers for engine tests: bounded waits only, never sleeps. */
final class Runs {

  static final Duration BOUND = Duration.ofSeconds(20);

  private Runs() {}

  static TaskSpec.Builder task(String id) {
    return TaskSpec.builder(id);
  }

  static TaskSpec noop(String id, String... after) {
    return TaskSpec.builder(id).after(after).run(ctx -> {}).build();
  }

  static TaskSpec act(String id, TaskAction action, String... after) {
    return TaskSpec.builder(id).after(after).run(action).build();
  }

  static Plan plan(TaskSpec... tasks) {
    return Plan.builder("test").addAll(java.util.List.of(tasks)).build();
  }

  static RunReport run(Plan plan, int agents) throws InterruptedException {
    return finish(Engine.start(plan, RunOptions.builder().agents(agents).build()));
  }

  static RunReport run(Plan plan, RunOptions options) throws InterruptedException {
    return finish(Engine.start(plan, options));
  }

  static RunReport finish(Run run) throws InterruptedException {
    RunReport report = run.await(BOUND).orElseThrow(() -> new AssertionError("run did not end: " + run));
    assertThat(report.succeeded() + report.failed() + report.skipped() + report.cancelled())
        .isEqualTo(report.taskCount());
    return report;
  }

  static void await(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("latch not released within " + BOUND);
    }
  }

  static void await(CyclicBarrier barrier)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    barrier.await(BOUND.toSeconds(), TimeUnit.SECONDS);
  }

  /** Polls a condition that some other thread makes true, up to the bound. */
  static void until(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + BOUND + ": " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  /**
   * Waits until a listener that collects into {@code events} has received the run's last event:
   * listeners are called on their own thread, so the report can be ready before they have seen
   * everything.
   */
  static void allDelivered(java.util.List<dev.orchestrator.observe.RunEvent> events) {
    until(() -> events.stream().anyMatch(dev.orchestrator.observe.RunEvent.RunFinished.class::isInstance),
        "the listener receives RunFinished");
  }

  static long start(RunReport report, String id) {
    return report.task(id).started().orElseThrow().toNanos();
  }

  static long end(RunReport report, String id) {
    return report.task(id).finished().orElseThrow().toNanos();
  }

  static boolean overlap(TaskOutcome a, TaskOutcome b) {
    long as = a.started().orElseThrow().toNanos();
    long ae = a.finished().orElseThrow().toNanos();
    long bs = b.started().orElseThrow().toNanos();
    long be = b.finished().orElseThrow().toNanos();
    return as < be && bs < ae;
  }
}
