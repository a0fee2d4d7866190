package dev.orchestrator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.orchestrator.observe.RunMetrics.Bottleneck.Kind;
import dev.orchestrator.plan.ExecutionMode;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics of reports whose every time is given, so that each figure can be computed by hand. */
class RunMetricsTest {

  private static final long MS = 1_000_000;

  /** Builds a report from (task, agent, start ms, end ms) rows. */
  static final class Recorder {
    final RunReport.Builder b;
    final Plan plan;
    final List<String> agents = new ArrayList<>();
    final long[] busy = new long[8];
    final int[] tasks = new int[8];

    Recorder(Plan plan, int agentCount) {
      this.plan = plan;
      List<String> ids = plan.tasks().stream().map(TaskSpec::id).toList();
      this.b = RunReport.builder("run-t", plan.name(), ExecutionMode.DEPENDENCY, Instant.EPOCH, ids);
      b.plan(plan);
      for (int a = 0; a < agentCount; a++) {
        agents.add("agent-" + (a + 1));
        b.addAgent("agent-" + (a + 1));
      }
    }

    Recorder ran(String id, int agent, long startMs, long endMs, TaskState state) {
      int i = plan.tasks().stream().map(TaskSpec::id).toList().indexOf(id);
      b.attemptStarted(i, startMs * MS, agent);
      b.finished(i, state, endMs * MS, state == TaskState.SUCCEEDED ? null : "boom", null);
      busy[agent] += (endMs - startMs) * MS;
      tasks[agent]++;
      return this;
    }

    Recorder ran(String id, int agent, long startMs, long endMs) {
      return ran(id, agent, startMs, endMs, TaskState.SUCCEEDED);
    }

    RunReport build(long makespanMs, long dropped) {
      List<AgentStatistics> stats = new ArrayList<>();
      for (int a = 0; a < agents.size(); a++) {
        stats.add(new AgentStatistics(agents.get(a), tasks[a], Duration.ofNanos(busy[a]),
            Duration.ofMillis(makespanMs), false));
      }
      return b.build(Duration.ofMillis(makespanMs),
          new PoolStatistics(agents.size(), agents.size(), stats, 0, 0, 0), dropped);
    }
  }

  static Plan diamond() {
    return Plan.builder("diamond")
        .add(TaskSpec.builder("a").run(ctx -> {}).build())
        .add(TaskSpec.builder("b").after("a").run(ctx -> {}).build())
        .add(TaskSpec.builder("c").after("a").run(ctx -> {}).build())
        .add(TaskSpec.builder("d").after("b", "c").run(ctx -> {}).build())
        .build();
  }

  static Plan independent(int n) {
    Plan.Builder p = Plan.builder("independent");
    for (int i = 0; i < n; i++) {
      p.add(TaskSpec.builder("t" + i).run(ctx -> {}).build());
    }
    return p.build();
  }

  @Test
  void metrics_diamondOnTwoAgents() {
    // agent-1: a [0,10] b [10,30] d [30,40]; agent-2: c [10,20].
    Recorder r = new Recorder(diamond(), 2)
        .ran("a", 0, 0, 10).ran("b", 0, 10, 30).ran("c", 1, 10, 20).ran("d", 0, 30, 40);
    r.b.queueSample(0, 1, 0);
    r.b.queueSample(10 * MS, 0, 2);
    r.b.queueSample(40 * MS, 0, 0);
    RunMetrics m = r.build(40, 0).metrics();

    // W = 10 + 20 + 10 + 10 = 50 ms; M = 40 ms; CP = a + b + d = 40 ms.
    assertThat(m.totalWork()).isEqualTo(Duration.ofMillis(50));
    assertThat(m.criticalPath()).isEqualTo(Duration.ofMillis(40));
    assertThat(m.criticalPathTasks()).containsExactly("a", "b", "d");
    // S = 50 / 40 = 1.25; S_max = min(2, 50 / 40) = 1.25; E = 1.
    assertThat(m.speedUp()).isCloseTo(1.25, within(1e-9));
    assertThat(m.maxSpeedUp()).isCloseTo(1.25, within(1e-9));
    assertThat(m.parallelismEfficiency()).isCloseTo(1.0, within(1e-9));
    // U = 50 / (40 + 40) = 0.625.
    assertThat(m.utilization()).isCloseTo(0.625, within(1e-9));
    assertThat(m.successRate()).isEqualTo(1.0);
    assertThat(m.criticalPathShare()).isCloseTo(1.0, within(1e-9));
    // Ready tasks: 1 for 10 ms, then 0 for 30 ms: 10 / 40 = 0.25 on average.
    assertThat(m.averageQueueDepth()).isCloseTo(0.25, within(1e-9));
    assertThat(m.maxQueueDepth()).isEqualTo(1);
    // Executions 4 on 2 agents: reuse (4 - 2) / 4; efficiency 1 - (|3 - 2| + |1 - 2|) / 4.
    assertThat(m.reuseRate()).isCloseTo(0.5, within(1e-9));
    assertThat(m.poolEfficiency()).isCloseTo(0.5, within(1e-9));
    assertThat(m.tasksPerAgent()).isEqualTo(Map.of("agent-1", 3, "agent-2", 1));
    // b is 20 of the 40 ms critical path, which is the whole run: split it.
    assertThat(m.bottlenecks()).extracting(RunMetrics.Bottleneck::kind).containsExactly(Kind.CRITICAL_TASK);
    RunMetrics.Bottleneck b = m.bottlenecks().get(0);
    assertThat(b.subject()).isEqualTo("b");
    assertThat(b.finding()).isEqualTo("task 'b' is 50.0 % of the critical path (20 ms of 40 ms),"
        + " and the critical path is 100.0 % of the run's time");
    assertThat(b.recommendation()).isEqualTo("split 'b' into parts that can run in parallel: in 3"
        + " parts it would take the critical path down by up to 13.3 ms (to 26.7 ms, unless another"
        + " chain becomes critical)");
    assertThat(m.recommendations()).containsExactly(b.recommendation());
  }

  @Test
  void metrics_chainOnOneAgentWithGaps() {
    // A chain a -> b -> d (c off the path) on one agent with 10 ms idle between tasks.
    Recorder r = new Recorder(diamond(), 1)
        .ran("a", 0, 0, 10).ran("c", 0, 20, 30).ran("b", 0, 40, 50).ran("d", 0, 60, 70);
    RunMetrics m = r.build(80, 0).metrics();
    // W = 40, M = 80, CP = a + b + d = 30. S = 0.5; S_max = min(1, 40 / 30) = 1; E = 0.5.
    assertThat(m.parallelismEfficiency()).isCloseTo(0.5, within(1e-9));
    assertThat(m.maxSpeedUp()).isEqualTo(1.0);
    assertThat(m.utilization()).isCloseTo(0.5, within(1e-9));
    assertThat(m.criticalPathShare()).isCloseTo(30.0 / 80, within(1e-9));
    assertThat(m.bottlenecks()).isEmpty(); // one agent cannot idle "too much"; CP share < 50 %
  }

  @Test
  void metrics_idleAgents() {
    // Four independent 10 ms tasks on four agents, all run by agent-1 one after another.
    Recorder r = new Recorder(independent(4), 4)
        .ran("t0", 0, 0, 10).ran("t1", 0, 10, 20).ran("t2", 0, 20, 30).ran("t3", 0, 30, 40);
    RunMetrics m = r.build(40, 0).metrics();
    // W = 40, M = 40, CP = 10: S = 1, S_max = min(4, 4) = 4, E = 0.25; U = 40 / 160.
    assertThat(m.parallelismEfficiency()).isCloseTo(0.25, within(1e-9));
    assertThat(m.utilization()).isCloseTo(0.25, within(1e-9));
    assertThat(m.bottlenecks()).extracting(RunMetrics.Bottleneck::kind).containsExactly(Kind.IDLE_AGENTS);
    assertThat(m.bottlenecks().get(0).finding())
        .isEqualTo("agents were busy 25.0 % of their time (4 agents at the peak, 1.0 busy on average)");
    assertThat(m.bottlenecks().get(0).recommendation()).isEqualTo("about 1 agent would have done this"
        + " work in about the same time: lower the agent count or let the scaler decide");
  }

  @Test
  void metrics_failuresRetriesEstimateAndDroppedEvents() {
    Plan plan = independent(10);
    Recorder r = new Recorder(plan, 1);
    for (int i = 0; i < 10; i++) {
      r.ran("t" + i, 0, i * 10L, i * 10L + 10, i < 2 ? TaskState.FAILED : TaskState.SUCCEEDED);
    }
    r.b.attemptStarted(5, 50 * MS, 0); // t5 needed a second attempt
    r.b.finished(5, TaskState.SUCCEEDED, 60 * MS, null, null);
    r.b.estimate(Duration.ofMillis(20), "simulated");
    RunMetrics m = r.build(100, 7).metrics();
    assertThat(m.successRate()).isCloseTo(0.8, within(1e-9));
    assertThat(m.bottlenecks()).extracting(RunMetrics.Bottleneck::kind)
        .containsExactly(Kind.FAILURES, Kind.RETRIES, Kind.ESTIMATE, Kind.EVENTS_DROPPED);
    assertThat(m.bottlenecks().get(0).finding())
        .isEqualTo("2 of 10 tasks did not succeed (20.0 %): 2 failed, 0 skipped, 0 cancelled");
    assertThat(m.bottlenecks().get(0).recommendation())
        .isEqualTo("fix the most common cause first: \"boom\" (2 tasks)");
    assertThat(m.bottlenecks().get(1).finding())
        .isEqualTo("1 tasks (10.0 %) needed more than one attempt, 1 retries in all");
    assertThat(m.bottlenecks().get(2).finding())
        .isEqualTo("the run took 100 ms, 5.0 × the 20 ms predicted (simulated)");
    assertThat(m.bottlenecks().get(3).finding())
        .isEqualTo("a listener was slower than the run: 7 events were dropped");
  }

  @Test
  void metrics_queueOfWaitingTasksWhenTheGraphAllowsMore() {
    // 100 independent 10 ms tasks on 2 busy agents: 50 rounds of 10 ms; 98..0 tasks wait.
    Plan plan = independent(100);
    Recorder r = new Recorder(plan, 2);
    for (int i = 0; i < 100; i++) {
      long start = (i / 2) * 10L;
      r.ran("t" + i, i % 2, start, start + 10);
      if (i % 2 == 1) {
        r.b.queueSample(start * MS, Math.max(0, 100 - i - 1), 2);
      }
    }
    r.b.queueSample(500 * MS, 0, 0);
    RunMetrics m = r.build(500, 0).metrics();
    assertThat(m.utilization()).isCloseTo(1.0, within(1e-9));
    assertThat(m.parallelismEfficiency()).isCloseTo(1.0, within(1e-9)); // max(CP, W/A) = 500 ms
    assertThat(m.averageQueueDepth()).isGreaterThan(10);
    assertThat(m.bottlenecks()).extracting(RunMetrics.Bottleneck::kind).containsExactly(Kind.QUEUE);
    assertThat(m.bottlenecks().get(0).recommendation()).isEqualTo("more agents would shorten the"
        + " run: the dependencies allow about 100.0 in parallel, the pool had 2");
  }

  @Test
  void metrics_withoutAPlanTakeTheLongestTaskAsTheCriticalPath() {
    RunReport.Builder b = RunReport.builder("r", "p", ExecutionMode.DEPENDENCY, Instant.EPOCH,
        List.of("x", "y"));
    b.addAgent("agent-1");
    b.attemptStarted(0, 0, 0);
    b.finished(0, TaskState.SUCCEEDED, 5 * MS, null, null);
    b.attemptStarted(1, 5 * MS, 0);
    b.finished(1, TaskState.SUCCEEDED, 20 * MS, null, null);
    RunReport report = b.build(Duration.ofMillis(20), new PoolStatistics(1, 1, List.of(
        new AgentStatistics("agent-1", 2, Duration.ofMillis(20), Duration.ofMillis(20), false)), 0, 0, 0), 0);
    RunMetrics m = report.metrics();
    assertThat(m.criticalPath()).isEqualTo(Duration.ofMillis(15));
    assertThat(m.criticalPathTasks()).containsExactly("y");
    assertThat(report.metrics()).isSameAs(m);
  }

  @Test
  void queueSample_keepsAtMostMaxSamplesSpreadOverTheRun() {
    RunReport.Builder b = RunReport.builder("r", "p", ExecutionMode.DEPENDENCY, Instant.EPOCH, List.of());
    long t = 0;
    int taken = 0;
    for (int i = 0; i < 100_000; i++) {
      t += 100_000; // a task ends every 0.1 ms for 10 s
      if (b.sampleDue(t)) {
        b.queueSample(t, i, 1);
        taken++;
      }
    }
    RunReport report = b.build(Duration.ofNanos(t), new PoolStatistics(0, 0, List.of(), 0, 0, 0), 0);
    List<QueueSample> samples = report.queueDepth();
    assertThat(samples.size()).isBetween(RunReport.Builder.MAX_SAMPLES / 2, RunReport.Builder.MAX_SAMPLES);
    assertThat(taken).isLessThan(3 * RunReport.Builder.MAX_SAMPLES);
    assertThat(samples.get(samples.size() - 1).time().toNanos()).isGreaterThan(t * 9 / 10);
    for (int i = 1; i < samples.size(); i++) {
      assertThat(samples.get(i).time()).isGreaterThan(samples.get(i - 1).time());
    }
  }
}
