package dev.orchestrator.run;

import static dev.orchestrator.run.Runs.await;
import static dev.orchestrator.run.Runs.overlap;
import static dev.orchestrator.run.Runs.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskOutcome;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.ExecutionMode;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.sim.Simulation;
import dev.orchestrator.sim.Simulator;
import dev.orchestrator.task.Priority;
import dev.orchestrator.task.TaskAction;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Batched dispatch: with many more short tasks ready than agents, an agent claims several at once
 * (see {@code RunExecution}). These plans are large enough for batches to form; the rules of the
 * policy must hold all the same, and what an agent claimed must come back on pause, cancel and
 * abandonment.
 */
class BatchingTest {

  private static final TaskAction NOOP = ctx -> {};

  /** {@code count} independent tasks t0, t1, ... (equal, so the order is plan order). */
  private static Plan.Builder many(String name, int count, TaskAction action) {
    Plan.Builder b = Plan.builder(name);
    for (int i = 0; i < count; i++) {
      b.add(TaskSpec.builder("t" + i).run(action).build());
    }
    return b;
  }

  @Test
  void run_oneAgentStartsManyShortTasksInTheSimulatedOrder() throws Exception {
    ConcurrentLinkedQueue<String> ran = new ConcurrentLinkedQueue<>();
    Plan.Builder b = Plan.builder("order");
    Priority[] classes = {Priority.NORMAL, Priority.HIGH, Priority.LOW, Priority.NORMAL};
    for (int i = 0; i < 400; i++) {
      String id = "t" + i;
      b.add(TaskSpec.builder(id).priority(classes[i % classes.length])
          .estimate(Duration.ofSeconds(1 + (i * 7) % 5)).run(ctx -> ran.add(id)).build());
    }
    Plan plan = b.build();
    Simulation simulated = Simulator.create().simulate(plan, 1);
    List<String> expected = new ArrayList<>(plan.tasks().stream().map(TaskSpec::id).toList());
    expected.sort(Comparator.comparing(simulated::start));

    RunReport report = Runs.run(plan, 1);

    assertThat(report.isSuccess()).isTrue();
    assertThat(new ArrayList<>(ran)).isEqualTo(expected);
  }

  @Test
  void run_idleAgentStealsFromTheBatchOfABlockedAgent() throws Exception {
    // Whichever agent claims first takes t0 and the tasks after it as a batch, then blocks in t0
    // until t5 has run: only the other agent, stealing from that batch, can run t5.
    CountDownLatch fiveRan = new CountDownLatch(1);
    Plan.Builder b = Plan.builder("steal");
    b.add(TaskSpec.builder("t0").run(ctx -> await(fiveRan)).build());
    for (int i = 1; i < 200; i++) {
      b.add(TaskSpec.builder("t" + i).run(i == 5 ? ctx -> fiveRan.countDown() : NOOP).build());
    }

    RunReport report = Runs.run(b.build(), 2);

    assertThat(report.isSuccess()).isTrue();
    String blocked = report.task("t0").agent().orElseThrow();
    assertThat(report.task("t5").agent()).isPresent().get().isNotEqualTo(blocked);
    assertThat(report.pool().steals()).isGreaterThanOrEqualTo(5); // t1 to t5 at least
  }

  @Test
  void pause_givesBackWhatAnAgentClaimedButDidNotStart() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger ranWhilePaused = new AtomicInteger();
    Plan.Builder b = Plan.builder("pause");
    b.add(TaskSpec.builder("t0").run(ctx -> {
      started.countDown();
      await(release);
    }).build());
    for (int i = 1; i < 200; i++) {
      b.add(TaskSpec.builder("t" + i).run(ctx -> ranWhilePaused.incrementAndGet()).build());
    }
    Run run = Engine.start(b.build(), RunOptions.builder().agents(1).build());
    await(started);

    run.pause();

    assertThat(run.running()).isEqualTo(1);
    assertThat(run.pending()).isEqualTo(199);
    release.countDown();
    until(() -> run.succeeded() == 1, "t0 finished");
    assertThat(ranWhilePaused).hasValue(0);
    assertThat(run.running()).isZero();
    assertThat(run.pending()).isEqualTo(199);
    run.resume();
    RunReport report = Runs.finish(run);
    assertThat(report.isSuccess()).isTrue();
    assertThat(ranWhilePaused).hasValue(199);
  }

  @Test
  void cancel_cancelsClaimedTasksThatNeverStarted() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    Plan.Builder b = Plan.builder("cancel");
    b.add(TaskSpec.builder("t0").run(ctx -> {
      started.countDown();
      await(never);
    }).build());
    for (int i = 1; i < 200; i++) {
      b.add(TaskSpec.builder("t" + i).run(ctx -> ran.incrementAndGet()).build());
    }
    Run run = Engine.start(b.build(), RunOptions.builder().agents(1).build());
    await(started);

    run.cancel();

    RunReport report = Runs.finish(run);
    assertThat(report.cancelled()).isEqualTo(200);
    assertThat(report.task("t0").error()).get().isInstanceOf(InterruptedException.class);
    assertThat(ran).hasValue(0);
    for (int i = 1; i < 200; i++) {
      TaskOutcome t = report.task("t" + i);
      assertThat(t.started()).as("t" + i).isEmpty();
      assertThat(t.cause()).as("t" + i).contains("the run was cancelled");
    }
  }

  @Test
  void timeout_abandonedAgentsBatchGoesOnWithoutIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    Plan.Builder b = Plan.builder("abandon");
    for (int i = 0; i < 200; i++) {
      TaskSpec.Builder t = TaskSpec.builder("t" + i);
      if (i != 3) {
        t.run(NOOP);
      } else {
        t.timeout(Duration.ofMillis(20)).run(ctx -> {
          running.countDown();
          while (release.getCount() > 0) {
            try {
              release.await();
            } catch (InterruptedException ignored) {
              // deliberately ignores the interrupt
            }
          }
        });
      }
      b.add(t.build());
    }
    RunOptions options = RunOptions.builder().agents(1).timeoutGrace(Duration.ofMillis(20)).build();
    VirtualClock clock = new VirtualClock();
    try {
      Run run = clock.start(b.build(), options);
      await(running);
      clock.advance(Duration.ofMillis(40)); // the timeout, then the grace: abandoned
      RunReport report = Runs.finish(run);

      assertThat(report.state("t3")).isEqualTo(TaskState.FAILED);
      assertThat(report.task("t3").error()).get().isInstanceOf(TimeoutException.class);
      assertThat(report.task("t3").attempts()).isEqualTo(1);
      assertThat(report.succeeded()).isEqualTo(199);
      for (int i = 0; i < 3; i++) { // ran before t3 on the agent that got stuck, recorded for it
        assertThat(report.task("t" + i).agent()).contains("agent-1");
      }
      assertThat(report.task("t199").agent()).contains("agent-2");
      assertThat(report.pool().abandonedAttempts()).isEqualTo(1);
      assertThat(report.pool().agentsCreated()).isEqualTo(2);
    } finally {
      release.countDown();
    }
  }

  @Test
  void run_criticalTaskAmongManyShortTasksRunsAlone() throws Exception {
    Plan.Builder b = many("critical", 300, NOOP);
    b.add(TaskSpec.builder("backup").critical().run(NOOP).build());
    for (int i = 0; i < 300; i++) {
      b.add(TaskSpec.builder("u" + i).run(NOOP).build());
    }

    RunReport report = Runs.run(b.build(), 2);

    assertThat(report.isSuccess()).isTrue();
    TaskOutcome backup = report.task("backup");
    for (TaskOutcome other : report.tasks()) {
      if (!other.taskId().equals("backup")) {
        assertThat(overlap(backup, other)).as("backup overlaps " + other.taskId()).isFalse();
      }
    }
  }

  @Test
  void run_concurrencyLimitHoldsWithBatches() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    Plan plan = many("limit", 600, ctx -> {
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      Thread.yield();
      running.decrementAndGet();
    }).mode(ExecutionMode.SWARM).concurrencyLimit(3).build();

    RunReport report = Runs.run(plan, 4);

    assertThat(report.isSuccess()).isTrue();
    assertThat(peak.get()).isBetween(1, 3);
  }

  @Test
  void run_waveBarrierHoldsWithBatches() throws Exception {
    Plan.Builder b = many("waves", 300, NOOP).mode(ExecutionMode.WAVES);
    for (int i = 0; i < 300; i++) {
      b.add(TaskSpec.builder("next" + i).after("t" + i).run(NOOP).build());
    }

    RunReport report = Runs.run(b.build(), 2);

    assertThat(report.isSuccess()).isTrue();
    long lastOfFirstWave = 0;
    long firstOfSecondWave = Long.MAX_VALUE;
    for (int i = 0; i < 300; i++) {
      lastOfFirstWave = Math.max(lastOfFirstWave, Runs.end(report, "t" + i));
      firstOfSecondWave = Math.min(firstOfSecondWave, Runs.start(report, "next" + i));
    }
    assertThat(firstOfSecondWave).isGreaterThanOrEqualTo(lastOfFirstWave);
  }
}
