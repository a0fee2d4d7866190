package dev.orchestrator.run;

import static dev.orchestrator.run.Runs.act;
import static dev.orchestrator.run.Runs.await;
import static dev.orchestrator.run.Runs.noop;
import static dev.orchestrator.run.Runs.plan;
import static dev.orchestrator.run.Runs.run;
import static dev.orchestrator.run.Runs.finish;
import static dev.orchestrator.run.Runs.task;
import static dev.orchestrator.run.Runs.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.Priority;
import dev.orchestrator.task.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FailureHandlingTest {

  private static void fail(Object ctx) {
    throw new IllegalStateException("boom");
  }

  @Test
  void run_failedTaskSkipsHardAndDataDependentsButNotSoftOnes() throws Exception {
    Plan plan = plan(
        act("a", FailureHandlingTest::fail),
        noop("hard", "a"),
        task("data").after(DependencyKind.DATA, "a").run(ctx -> {}).build(),
        task("soft").after(DependencyKind.SOFT, "a").run(ctx -> {}).build(),
        noop("after-hard", "hard"),
        noop("independent"));
    RunReport report = run(plan, 2);
    assertThat(report.state("a")).isEqualTo(TaskState.FAILED);
    assertThat(report.task("a").cause()).contains("IllegalStateException: boom");
    assertThat(report.task("a").error()).get().isInstanceOf(IllegalStateException.class);
    assertThat(report.state("hard")).isEqualTo(TaskState.SKIPPED);
    assertThat(report.task("hard").cause()).contains("dependency 'a' failed");
    assertThat(report.state("data")).isEqualTo(TaskState.SKIPPED);
    assertThat(report.state("soft")).isEqualTo(TaskState.SUCCEEDED);
    assertThat(report.state("after-hard")).isEqualTo(TaskState.SKIPPED);
    assertThat(report.task("after-hard").cause()).contains("dependency 'hard' was skipped");
    assertThat(report.state("independent")).isEqualTo(TaskState.SUCCEEDED);
    assertThat(report.task("hard").attempts()).isZero();
  }

  @Test
  void run_failFastCancelsTheRest() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    Plan plan = plan(
        task("a").priority(Priority.HIGH).run(ctx -> fail(ctx)).build(),
        act("blocked", ctx -> await(never)),
        noop("later", "blocked"));
    RunReport report = run(plan, RunOptions.builder().agents(2).failurePolicy(FailurePolicy.FAIL_FAST).build());
    assertThat(report.state("a")).isEqualTo(TaskState.FAILED);
    assertThat(report.state("later")).isEqualTo(TaskState.CANCELLED);
    assertThat(report.task("later").cause())
        .contains("the run was cancelled after task 'a' failed (FAIL_FAST)");
    assertThat(report.wasCancelled()).isTrue();
    // "blocked" either was interrupted (CANCELLED) or had not started yet (CANCELLED too).
    assertThat(report.state("blocked")).isEqualTo(TaskState.CANCELLED);
  }

  @Test
  void run_retriesUntilSuccessWithBackoff() throws Exception {
    // Backoff 10 s, then 20 s (no jitter), on a virtual clock: each retry waits until it is moved on.
    AtomicInteger attempts = new AtomicInteger();
    Plan plan = plan(task("flaky")
        .retry(RetryPolicy.builder().maxAttempts(4).backoff(Duration.ofSeconds(10), Duration.ofMinutes(1))
            .jitter(0).build())
        .run(ctx -> {
          if (attempts.incrementAndGet() < 3) {
            throw new IllegalStateException("attempt " + ctx.attempt());
          }
        }).build());
    VirtualClock clock = new VirtualClock();
    Run run = clock.start(plan, RunOptions.builder().agents(1).build());
    clock.awaitPending(1).advance(Duration.ofSeconds(10).minusNanos(1));
    assertThat(attempts).as("the first backoff has not elapsed").hasValue(1);
    clock.advance(Duration.ofNanos(1));
    until(() -> attempts.get() == 2, "the second attempt ran");
    clock.awaitPending(1).advance(Duration.ofSeconds(20));
    RunReport report = finish(run);
    assertThat(report.state("flaky")).isEqualTo(TaskState.SUCCEEDED);
    assertThat(report.task("flaky").attempts()).isEqualTo(3);
    assertThat(report.task("flaky").finished()).contains(Duration.ofSeconds(30));
  }

  @Test
  void run_retriesRespectAbortOnAndMaxAttempts() throws Exception {
    Plan plan = plan(
        task("bad-input").retry(RetryPolicy.builder().maxAttempts(5).delay(Duration.ZERO)
            .abortOn(IllegalArgumentException.class::isInstance).build())
            .run(ctx -> { throw new IllegalArgumentException("never heals"); }).build(),
        task("always").retry(RetryPolicy.builder().maxAttempts(3).delay(Duration.ZERO).build())
            .run(ctx -> { throw new IllegalStateException("again"); }).build());
    RunReport report = run(plan, 2);
    assertThat(report.task("bad-input").attempts()).isEqualTo(1);
    assertThat(report.task("always").attempts()).isEqualTo(3);
    assertThat(report.failed()).isEqualTo(2);
  }

  @Test
  void run_taskWaitingOutItsBackoffHoldsNoAgent() throws Exception {
    // One agent; "flaky" fails and waits an hour before its retry. "other" still runs meanwhile.
    Plan plan = plan(
        task("flaky").priority(Priority.HIGH)
            .retry(RetryPolicy.builder().maxAttempts(2).delay(Duration.ofHours(1)).jitter(0).build())
            .run(ctx -> {
              if (ctx.attempt() == 1) {
                throw new IllegalStateException("first attempt fails");
              }
            }).build(),
        noop("other"));
    VirtualClock clock = new VirtualClock();
    Run run = clock.start(plan, RunOptions.builder().agents(1).build());
    Runs.until(() -> run.succeeded() == 1, "'other' succeeded while 'flaky' waits");
    assertThat(run.pending()).isEqualTo(1);
    assertThat(run.running()).isZero();
    clock.awaitPending(1).advance(Duration.ofHours(1));
    RunReport report = Runs.finish(run);
    assertThat(report.state("other")).isEqualTo(TaskState.SUCCEEDED);
    assertThat(report.state("flaky")).isEqualTo(TaskState.SUCCEEDED);
    assertThat(report.task("flaky").attempts()).isEqualTo(2);
    assertThat(report.task("flaky").finished()).contains(Duration.ofHours(1));
  }

  @Test
  void cancel_taskWaitingOutItsBackoffEndsCancelled() throws Exception {
    Plan plan = plan(task("flaky")
        .retry(RetryPolicy.builder().maxAttempts(2).delay(Duration.ofHours(1)).build())
        .run(ctx -> { throw new IllegalStateException("first attempt fails"); }).build());
    VirtualClock clock = new VirtualClock();
    Run run = clock.start(plan, RunOptions.builder().agents(1).build());
    clock.awaitPending(1);
    run.cancel();
    RunReport report = Runs.finish(run);
    assertThat(report.state("flaky")).isEqualTo(TaskState.CANCELLED);
    assertThat(report.task("flaky").attempts()).isEqualTo(1);
    assertThat(clock.elapsed()).isZero();
  }

  @Test
  void run_timeoutInterruptsTheAttempt() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    Plan plan = plan(task("slow").timeout(Duration.ofMillis(50)).run(ctx -> {
      running.countDown();
      await(never);
    }).build(), noop("next", "slow"));
    VirtualClock clock = new VirtualClock();
    Run run = clock.start(plan, RunOptions.builder().agents(1).build());
    await(running);
    clock.advance(Duration.ofMillis(50).minusNanos(1));
    assertThat(run.running()).as("still within its timeout").isEqualTo(1);
    clock.advance(Duration.ofNanos(1));
    RunReport report = finish(run);
    assertThat(report.state("slow")).isEqualTo(TaskState.FAILED);
    assertThat(report.task("slow").error()).get().isInstanceOf(TimeoutException.class);
    assertThat(report.task("slow").cause()).contains("TimeoutException: task 'slow' timed out after PT0.05S");
    assertThat(report.state("next")).isEqualTo(TaskState.SKIPPED);
    assertThat(report.pool().abandonedAttempts()).isZero();
  }

  @Test
  void run_attemptIgnoringItsTimeoutIsAbandonedAndItsAgentReplaced() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    Plan plan = plan(
        task("stubborn").priority(Priority.HIGH).timeout(Duration.ofMillis(20)).run(ctx -> {
          running.countDown();
          while (release.getCount() > 0) {
            try {
              release.await();
            } catch (InterruptedException ignored) {
              // deliberately ignores the interrupt
            }
          }
        }).build(),
        noop("other"));
    RunOptions options = RunOptions.builder().agents(1).timeoutGrace(Duration.ofMillis(20)).build();
    VirtualClock clock = new VirtualClock();
    try {
      Run run = clock.start(plan, options);
      await(running);
      clock.advance(Duration.ofMillis(20)); // timed out: interrupted, which it ignores
      assertThat(run.succeeded()).isZero();
      clock.advance(Duration.ofMillis(20)); // the grace is over: abandoned, its agent replaced
      RunReport report = finish(run);
      assertThat(report.state("stubborn")).isEqualTo(TaskState.FAILED);
      assertThat(report.task("stubborn").cause())
          .contains("TimeoutException: task 'stubborn' timed out after PT0.02S; the attempt ignored the"
              + " interrupt and was abandoned");
      assertThat(report.state("other")).isEqualTo(TaskState.SUCCEEDED);
      assertThat(report.task("other").agent()).contains("agent-2");
      assertThat(report.pool().abandonedAttempts()).isEqualTo(1);
      assertThat(report.pool().agentsCreated()).isEqualTo(2);
      assertThat(report.pool().agents().get(0).abandoned()).isTrue();
    } finally {
      release.countDown();
    }
  }
}
