package dev.orchestrator.run;

import static dev.orchestrator.run.Runs.act;
import static dev.orchestrator.run.Runs.noop;
import static dev.orchestrator.run.Runs.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.observe.Artifact;
import dev.orchestrator.observe.Criterion;
import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.RunListener;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.ExecutionMode;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.sim.Simulator;
import dev.orchestrator.task.RetryPolicy;
import dev.orchestrator.task.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One small deterministic run per kind of event the engine sends. */
class ListenerEventsTest {

  /** Collects every event; {@link #finished} opens when the run's last one arrived. */
  static class Collector implements RunListener {
    final List<RunEvent> events = new CopyOnWriteArrayList<>();
    final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public void onEvent(RunEvent event) {
      events.add(event);
      if (event instanceof RunEvent.RunFinished) {
        finished.countDown();
      }
    }

    <T extends RunEvent> List<T> of(Class<T> type) {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  private static RunReport run(Plan plan, int agents, Collector collector) throws Exception {
    RunReport report = Runs.run(plan, RunOptions.builder().agents(agents).listener(collector).build());
    // The run ends once its listeners took RunFinished: no wait needed, but check it.
    assertThat(collector.finished.getCount()).isZero();
    return report;
  }

  @Test
  void planReady_isTheSecondEventAndCarriesThePlanAndTheSimulatedEstimate() throws Exception {
    Plan plan = Plan.builder("est")
        .add(TaskSpec.builder("a").estimate(Duration.ofSeconds(3)).run(ctx -> {}).build())
        .add(TaskSpec.builder("b").estimate(Duration.ofSeconds(2)).run(ctx -> {}).build())
        .add(TaskSpec.builder("c").estimate(Duration.ofSeconds(1)).after("a").run(ctx -> {}).build())
        .build();
    Collector c = new Collector();
    RunReport report = run(plan, 2, c);
    assertThat(c.events.get(0)).isInstanceOf(RunEvent.RunStarted.class);
    RunEvent.PlanReady ready = (RunEvent.PlanReady) c.events.get(1);
    assertThat(ready.plan()).isSameAs(plan);
    assertThat(ready.agents()).isEqualTo(2);
    assertThat(ready.estimateSource()).isEqualTo("simulated");
    // a (3 s) then c (1 s) on one agent, b beside them: 4 s, as the simulator says.
    assertThat(ready.estimate()).isEqualTo(Duration.ofSeconds(4))
        .isEqualTo(Simulator.create().simulate(plan, 2).makespan());
    assertThat(report.estimate()).contains(Duration.ofSeconds(4));
    assertThat(report.estimateSource()).contains("simulated");
    assertThat(report.executedPlan()).containsSame(plan);
  }

  @Test
  void waveEvents_openBeforeTheirTasksStartAndCloseAfterTheyEnd() throws Exception {
    Plan plan = Plan.builder("waves").mode(ExecutionMode.WAVES)
        .add(noop("a")).add(noop("b")).add(noop("c", "a", "b")).build();
    Collector c = new Collector();
    run(plan, 2, c);
    List<RunEvent.WaveStarted> started = c.of(RunEvent.WaveStarted.class);
    assertThat(started).extracting(RunEvent.WaveStarted::wave).containsExactly(0, 1);
    assertThat(started).extracting(RunEvent.WaveStarted::tasks).containsExactly(2, 1);
    assertThat(c.of(RunEvent.WaveFinished.class)).extracting(RunEvent.WaveFinished::wave).containsExactly(0, 1);
    int wave1Start = c.events.indexOf(started.get(1));
    int wave0End = c.events.indexOf(c.of(RunEvent.WaveFinished.class).get(0));
    int cStart = indexOf(c.events, RunEvent.TaskStarted.class, "c");
    assertThat(wave0End).isLessThan(wave1Start);
    assertThat(wave1Start).isLessThan(cStart);
  }

  @Test
  void taskProgress_carriesTheFractionAndTheActivity() throws Exception {
    Plan plan = plan(act("a", ctx -> {
      ctx.progress(0.25, "reading");
      ctx.progress(1.0, "done");
    }));
    Collector c = new Collector();
    run(plan, 1, c);
    assertThat(c.of(RunEvent.TaskProgress.class))
        .extracting(RunEvent.TaskProgress::taskId, RunEvent.TaskProgress::fraction, RunEvent.TaskProgress::activity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 0.25, "reading"),
            org.assertj.core.groups.Tuple.tuple("a", 1.0, "done"));
  }

  @Test
  void taskRetry_isSentBetweenTheAttempts() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Plan plan = plan(TaskSpec.builder("flaky").retry(RetryPolicy.exponential(2, Duration.ofMillis(1)))
        .run(ctx -> {
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("first try fails");
          }
        }).build());
    Collector c = new Collector();
    VirtualClock clock = new VirtualClock();
    Run run = clock.start(plan, RunOptions.builder().agents(1).listener(c).build());
    clock.awaitPending(1).advance(Duration.ofMillis(2)); // past the backoff: 1 ms +- 20 %
    Runs.finish(run);
    Runs.await(c.finished);
    RunEvent.TaskRetry retry = c.of(RunEvent.TaskRetry.class).get(0);
    assertThat(retry.taskId()).isEqualTo("flaky");
    assertThat(retry.failedAttempt()).isEqualTo(1);
    assertThat(retry.error()).isEqualTo("IllegalStateException: first try fails");
    assertThat(retry.delay()).isPositive();
    assertThat(c.of(RunEvent.TaskStarted.class)).extracting(RunEvent.TaskStarted::attempt).containsExactly(1, 2);
    RunEvent.TaskFinished finished = c.of(RunEvent.TaskFinished.class).get(0);
    assertThat(finished.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(finished.attempts()).isEqualTo(2);
    int retryAt = c.events.indexOf(retry);
    assertThat(c.events.indexOf(c.of(RunEvent.TaskStarted.class).get(0))).isLessThan(retryAt);
    assertThat(c.events.indexOf(c.of(RunEvent.TaskStarted.class).get(1))).isGreaterThan(retryAt);
  }

  @Test
  void taskFinished_carriesOutcomeCauseAgentArtifactsAndCriteria(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out.txt");
    Plan plan = plan(
        act("make", ctx -> {
          Files.writeString(file, "hello", StandardCharsets.UTF_8);
          ctx.artifact(file);
          ctx.criterion("says hello", true, "out.txt:1");
        }),
        act("break", ctx -> {
          throw new IllegalArgumentException("bad input");
        }),
        noop("after-break", "break"));
    Collector c = new Collector();
    run(plan, 1, c);
    RunEvent.TaskFinished make = finished(c, "make");
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest("hello".getBytes(StandardCharsets.UTF_8)));
    assertThat(make.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(make.agent()).contains("agent-1");
    assertThat(make.cause()).isEmpty();
    assertThat(make.artifacts()).containsExactly(new Artifact(file, 5, sha));
    assertThat(make.criteria()).containsExactly(new Criterion("says hello", true, "out.txt:1"));
    RunEvent.TaskFinished broke = finished(c, "break");
    assertThat(broke.state()).isEqualTo(TaskState.FAILED);
    assertThat(broke.cause()).contains("IllegalArgumentException: bad input");
    RunEvent.TaskFinished skipped = finished(c, "after-break");
    assertThat(skipped.state()).isEqualTo(TaskState.SKIPPED);
    assertThat(skipped.agent()).isEmpty();
    assertThat(skipped.attempts()).isZero();
    assertThat(skipped.cause()).contains("dependency 'break' failed");
  }

  @Test
  void scalingAdjustment_isSentWhenThePoolIsResized() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Plan plan = plan(act("hold", ctx -> {
      running.countDown();
      Runs.await(release);
    }));
    Collector c = new Collector();
    Run run = Engine.start(plan, RunOptions.builder().agents(1).listener(c).build());
    Runs.await(running);
    run.resize(3, "more work arrived");
    release.countDown();
    RunReport report = Runs.finish(run);
    RunEvent.ScalingAdjustment a = c.of(RunEvent.ScalingAdjustment.class).get(0);
    assertThat(a.fromAgents()).isEqualTo(1);
    assertThat(a.toAgents()).isEqualTo(3);
    assertThat(a.reason()).isEqualTo("more work arrived");
    assertThat(report.adjustments()).containsExactly(a);
  }

  @Test
  void throwingListener_isIgnoredAndTheOthersGetEveryEvent() throws Exception {
    AtomicInteger thrown = new AtomicInteger();
    Collector c = new Collector();
    RunReport report = Runs.run(plan(noop("a"), noop("b", "a")), RunOptions.builder().agents(1)
        .listener(event -> {
          thrown.incrementAndGet();
          throw new IllegalStateException("listener bug");
        })
        .listener(c).build());
    assertThat(report.isSuccess()).isTrue();
    assertThat(thrown.get()).isEqualTo(c.events.size());
    assertThat(c.of(RunEvent.TaskFinished.class)).hasSize(2);
  }

  @Test
  void slowListener_neverHoldsTheAgentsAndMissesEventsButNotTheLast() throws Exception {
    int tasks = 500;
    Plan.Builder p = Plan.builder("many");
    for (int i = 0; i < tasks; i++) {
      p.add(noop("t" + i));
    }
    CountDownLatch release = new CountDownLatch(1);
    Collector c = new Collector();
    RunListener blocked = event -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    Run run = Engine.start(p.build(), RunOptions.builder().agents(2).eventBuffer(16)
        .listener(blocked).listener(c).build());
    // Every task ends while the listener is stuck on the first event.
    Runs.until(() -> run.finished() == tasks, "all tasks finished");
    assertThat(run.isDone()).as("the run waits for its listeners to take the last event").isFalse();
    release.countDown();
    RunReport report = Runs.finish(run);
    Runs.await(c.finished);
    assertThat(report.eventsDropped()).isPositive();
    RunEvent.RunFinished last = (RunEvent.RunFinished) c.events.get(c.events.size() - 1);
    assertThat(last.report()).isSameAs(report);
    assertThat(last.eventsDropped()).isEqualTo(report.eventsDropped());
    // Every event was either delivered or counted as dropped: 2 per task, RunStarted, PlanReady,
    // WaveStarted, WaveFinished, RunFinished.
    assertThat(c.events.size() + report.eventsDropped()).isEqualTo(2L * tasks + 5);
  }

  @Test
  void receivesEveryTaskFalse_getsOnlyTheTasksThatDidNotSucceedAndTheLiveCounters() throws Exception {
    Collector all = new Collector();
    Collector some = new Collector() {
      @Override
      public boolean receivesEveryTask() {
        return false;
      }
    };
    Plan plan = plan(noop("a"), act("b", ctx -> {
      throw new IllegalStateException("no");
    }), noop("c", "b"));
    RunReport report = Runs.run(plan, RunOptions.builder().agents(1).listener(all).listener(some).build());
    assertThat(all.of(RunEvent.TaskStarted.class)).hasSize(2);
    assertThat(all.of(RunEvent.TaskFinished.class)).hasSize(3);
    assertThat(some.of(RunEvent.TaskStarted.class)).isEmpty();
    assertThat(some.of(RunEvent.TaskFinished.class)).extracting(RunEvent.TaskFinished::taskId)
        .containsExactly("b", "c");
    RunEvent.PlanReady ready = some.of(RunEvent.PlanReady.class).get(0);
    assertThat(ready.progress().succeeded()).isEqualTo(report.succeeded()).isEqualTo(1);
    assertThat(ready.progress().failed()).isEqualTo(1);
    assertThat(ready.progress().skipped()).isEqualTo(1);
    assertThat(ready.progress().pending()).isZero();
    assertThat(ready.progress().plannedWorkDone()).isEqualTo(Duration.ofSeconds(3)); // default 1 s each
  }

  @Test
  void noListenerWantingEveryTask_theRunMakesNoPerTaskEventsForSuccesses() throws Exception {
    AtomicInteger perTask = new AtomicInteger();
    RunListener quiet = new RunListener() {
      @Override
      public void onEvent(RunEvent event) {
        if (event instanceof RunEvent.TaskStarted || event instanceof RunEvent.TaskFinished) {
          perTask.incrementAndGet();
        }
      }

      @Override
      public boolean receivesEveryTask() {
        return false;
      }
    };
    Run run = Engine.start(plan(noop("a"), noop("b")), RunOptions.builder().agents(1).listener(quiet).build());
    Runs.finish(run);
    assertThat(perTask).hasValue(0);
    assertThat(((RunExecution) run).eventsEveryTask()).isFalse();
  }

  private static RunEvent.TaskFinished finished(Collector c, String id) {
    return c.of(RunEvent.TaskFinished.class).stream().filter(f -> f.taskId().equals(id)).findFirst()
        .orElseThrow();
  }

  private static int indexOf(List<RunEvent> events, Class<?> type, String task) {
    for (int i = 0; i < events.size(); i++) {
      RunEvent e = events.get(i);
      Optional<String> id = e instanceof RunEvent.TaskStarted s ? Optional.of(s.taskId()) : Optional.empty();
      if (type.isInstance(e) && id.filter(task::equals).isPresent()) {
        return i;
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " for " + task);
  }
}
