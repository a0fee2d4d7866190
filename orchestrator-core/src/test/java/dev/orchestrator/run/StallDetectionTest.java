package dev.orchestrator.run;

import static dev.orchestrator.run.Runs.await;
import static dev.orchestrator.run.Runs.finish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.RetryPolicy;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StallDetectionTest {

  private static final Duration LIMIT = Duration.ofMillis(30);

  @Test
  void isStalled_onlyPastTheLimitAndOnlyWhenWatched() {
    assertThat(StallWatch.isStalled(100, 40, 60)).isFalse();
    assertThat(StallWatch.isStalled(101, 40, 60)).isTrue();
    assertThat(StallWatch.isStalled(Long.MAX_VALUE, 0, -1)).isFalse();
  }

  @Test
  void period_isAQuarterOfTheSmallestLimitWithinBounds() {
    TaskSpec none = TaskSpec.builder("a").run(ctx -> {}).build();
    TaskSpec tenSeconds = TaskSpec.builder("b").stallTimeout(Duration.ofSeconds(10)).run(ctx -> {}).build();
    TaskSpec twoMs = TaskSpec.builder("c").stallTimeout(Duration.ofMillis(2)).run(ctx -> {}).build();
    assertThat(StallWatch.period(List.of(none), null)).isZero();
    assertThat(StallWatch.period(List.of(none, tenSeconds), null)).isEqualTo(StallWatch.MAX_PERIOD);
    assertThat(StallWatch.period(List.of(none), Duration.ofMillis(400)))
        .isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(StallWatch.period(List.of(tenSeconds, twoMs), null)).isEqualTo(StallWatch.MIN_PERIOD);
    assertThat(StallWatch.limit(none, null)).isEqualTo(-1);
    assertThat(StallWatch.limit(none, LIMIT)).isEqualTo(LIMIT.toNanos());
    assertThat(StallWatch.limit(twoMs, LIMIT)).isEqualTo(Duration.ofMillis(2).toNanos());
  }

  // The runs below are on a virtual clock: the test moves it past the limit, nothing waits for it.
  private final VirtualClock clock = new VirtualClock();

  @Test
  void run_silentTask_isFlaggedAndRunsOn() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch flagged = new CountDownLatch(1);
    Plan plan = Runs.plan(TaskSpec.builder("quiet").stallTimeout(LIMIT).run(ctx -> {
      running.countDown();
      await(flagged);
    }).build());
    Run run = clock.start(plan, RunOptions.builder().agents(1)
        .listener(e -> {
          if (e instanceof RunEvent.TaskStalled) {
            flagged.countDown();
          }
        }).build());
    await(running);
    clock.advance(LIMIT.dividedBy(2));
    assertThat(flagged.getCount()).as("not flagged within its limit").isEqualTo(1);
    clock.advance(LIMIT);
    RunReport report = finish(run);
    assertThat(report.state("quiet")).isEqualTo(TaskState.SUCCEEDED);
    assertThat(report.stalls()).singleElement().satisfies(s -> {
      assertThat(s.taskId()).isEqualTo("quiet");
      assertThat(s.attempt()).isEqualTo(1);
      assertThat(s.agent()).isEqualTo("agent-1");
      assertThat(s.silentFor()).isGreaterThan(LIMIT).isLessThanOrEqualTo(LIMIT.plus(LIMIT.dividedBy(4)));
      assertThat(s.action()).isEqualTo("flagged");
    });
  }

  @Test
  void run_stallCancel_interruptsAndRetriesAsThePolicyAllows() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    Plan plan = Runs.plan(TaskSpec.builder("hung")
        .retry(RetryPolicy.builder().maxAttempts(2).delay(Duration.ZERO).build())
        .run(ctx -> {
          if (ctx.attempt() == 1) {
            running.countDown();
            await(never); // silent, but answers the interrupt
          }
        }).build());
    Run run = clock.start(plan, RunOptions.builder().agents(1)
        .stallTimeout(LIMIT).stallAction(StallAction.CANCEL).build());
    await(running);
    clock.advance(LIMIT.multipliedBy(2));
    RunReport report = finish(run);
    assertThat(report.state("hung")).isEqualTo(TaskState.SUCCEEDED);
    assertThat(report.task("hung").attempts()).isEqualTo(2);
    assertThat(report.stalls()).singleElement().extracting(RunEvent.TaskStalled::action)
        .isEqualTo("cancelled; retried if its retry policy allows");
    assertThat(report.pool().abandonedAttempts()).isZero();
  }

  @Test
  void run_stallCancel_taskIgnoringTheInterruptIsAbandonedAndFails() throws Exception {
    AtomicBoolean release = new AtomicBoolean();
    CountDownLatch running = new CountDownLatch(1);
    Plan plan = Runs.plan(TaskSpec.builder("deaf").stallTimeout(LIMIT).run(ctx -> {
      running.countDown();
      while (!release.get()) {
        Thread.onSpinWait(); // ignores interrupts
        Thread.yield();
      }
    }).build(), Runs.noop("after", "deaf"));
    try {
      Run run = clock.start(plan, RunOptions.builder().agents(1)
          .stallAction(StallAction.CANCEL).timeoutGrace(Duration.ofMillis(20)).build());
      await(running);
      clock.advance(LIMIT.plus(LIMIT.dividedBy(4))); // flagged and interrupted, within the grace
      assertThat(run.isDone()).isFalse();
      clock.advance(Duration.ofMillis(20)); // past the grace: abandoned
      RunReport report = finish(run);
      assertThat(report.state("deaf")).isEqualTo(TaskState.FAILED);
      assertThat(report.task("deaf").cause()).contains("TimeoutException: task 'deaf' stalled:"
          + " silent for longer than its stall limit PT0.03S; the attempt was cancelled and, as it"
          + " ignored the interrupt, abandoned");
      assertThat(report.state("after")).isEqualTo(TaskState.SKIPPED);
      assertThat(report.pool().abandonedAttempts()).isEqualTo(1);
    } finally {
      release.set(true);
    }
  }

  @Test
  void stallTimeout_badValues_areRejected() {
    assertThatThrownBy(() -> RunOptions.builder().stallTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("stall timeout must be positive: PT0S");
    assertThatThrownBy(() -> RunOptions.builder().stallTimeout(null))
        .isInstanceOf(NullPointerException.class).hasMessage("stall timeout cannot be null");
    assertThatThrownBy(() -> RunOptions.builder().stallAction(null))
        .isInstanceOf(NullPointerException.class).hasMessage("stall action cannot be null");
    assertThat(RunOptions.builder().build().stallAction()).isEqualTo(StallAction.FLAG);
    assertThat(RunOptions.builder().build().stallTimeout()).isEmpty();
  }
}
