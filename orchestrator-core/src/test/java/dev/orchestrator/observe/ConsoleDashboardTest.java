package dev.orchestrator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.Orchestrator;
import dev.orchestrator.Workflow;
import dev.orchestrator.plan.ExecutionMode;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.resource.Resource;
import dev.orchestrator.task.TaskSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleDashboardTest {

  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  /** A clock the test moves. */
  static final class TestClock implements InstantSource {
    volatile Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }

    void at(long seconds) {
      now = T0.plusSeconds(seconds);
    }
  }

  /** Fixed counters, as a run's live view would give them. */
  record Counts(int total, int pending, int running, int succeeded, int failed, int skipped,
      int cancelled, int agents, Duration plannedWorkDone) implements RunProgress {}

  static Plan fourTasks() {
    Plan.Builder p = Plan.builder("four");
    for (int i = 0; i < 4; i++) {
      p.add(TaskSpec.builder("t" + i).estimate(Duration.ofSeconds(25)).run(ctx -> {}).build());
    }
    return p.build();
  }

  /** Two of four 25-second tasks done after 30 s on two agents, the other two running. */
  static void halfway(RunListener l, TestClock clock) {
    Plan plan = fourTasks();
    l.onEvent(new RunEvent.RunStarted("run-7", T0, "four", 4, 2, ExecutionMode.DEPENDENCY));
    l.onEvent(new RunEvent.PlanReady("run-7", T0, plan, 2, Duration.ofSeconds(50), "simulated", 1,
        new Counts(4, 0, 2, 2, 0, 0, 0, 2, Duration.ofSeconds(50))));
    l.onEvent(new RunEvent.WaveStarted("run-7", T0, 0, 4));
    l.onEvent(new RunEvent.TaskStarted("run-7", T0, "t0", 1, "agent-1"));
    l.onEvent(new RunEvent.TaskStarted("run-7", T0, "t1", 1, "agent-2"));
    l.onEvent(finished("t0", TaskState.SUCCEEDED, 28));
    l.onEvent(finished("t1", TaskState.SUCCEEDED, 30));
    l.onEvent(new RunEvent.TaskStarted("run-7", T0.plusSeconds(30), "t2", 1, "agent-1"));
    l.onEvent(new RunEvent.TaskStarted("run-7", T0.plusSeconds(30), "t3", 1, "agent-2"));
    clock.at(30);
  }

  static RunEvent.TaskFinished finished(String id, TaskState state, long at) {
    return new RunEvent.TaskFinished("run-7", T0.plusSeconds(at), id, state, 1, Duration.ofSeconds(25),
        Optional.of("agent-1"), state == TaskState.SUCCEEDED ? Optional.empty() : Optional.of("boom"));
  }

  @Test
  void frame_showsProgressEtaWaveCountsAndAgents() {
    TestClock clock = new TestClock();
    RunTracker tracker = new RunTracker(clock, "run-7");
    halfway(tracker::accept, clock);
    Snapshot s = tracker.snapshot();
    // f = 50 s of 100 s planned work; P = 50 s, t = 30 s:
    // ETA = 0.5 × 50 × 0.5 + 0.5 × 30 × 0.5 / 0.5 = 12.5 + 15 = 27.5 s.
    assertThat(s.workDone()).isEqualTo(0.5);
    assertThat(s.eta()).contains(Duration.ofMillis(27_500));
    assertThat(ConsoleDashboard.frame(s, 120)).containsExactly(
        "four · run-7 · running · 30 s · DEPENDENCY",
        "  Wave 1 of 1  [███████████████░░░░░░░░░░░░░░░]  50.0 %  2 / 4 tasks  ETA 27 s",
        "  succeeded 2 · running 2 · failed 0 · pending 0 · skipped 0 · cancelled 0 · retries 0",
        "  agents 2 (started with 2) · scaling steady · 0.1 tasks/s · predicted 50 s (simulated)");
    assertThat(ConsoleDashboard.line(s)).isEqualTo("[run-7 four] running 50.0 % 2/4 · succeeded 2"
        + " · running 2 · failed 0 · pending 0 · wave 1 of 1 · agents 2 · ETA 27 s · elapsed 30 s");
  }

  @Test
  void frame_showsAdjustmentsResourcesFailureAnalysisAndFailures() {
    TestClock clock = new TestClock();
    RunTracker tracker = new RunTracker(clock, "run-7");
    halfway(tracker::accept, clock);
    Instant t = T0.plusSeconds(31);
    tracker.accept(new RunEvent.ScalingAdjustment("run-7", t, 2, 4, "queue is long"));
    tracker.accept(new RunEvent.ResourceAlert("run-7", t, Resource.MEMORY, 0.93, "memory above 90 %: shrinking"));
    tracker.accept(new RunEvent.FailureAnalysis("run-7", t, FailurePattern.RANDOM, List.of("t2"), "halve agents and retry"));
    tracker.accept(finished("t2", TaskState.FAILED, 31));
    clock.at(32);
    Snapshot s = tracker.snapshot();
    List<String> frame = ConsoleDashboard.frame(s, 120);
    // The counts are the run's live counters (fixed here), not counted from the events.
    assertThat(frame.get(2)).isEqualTo(
        "  succeeded 2 · running 2 · failed 0 · pending 0 · skipped 0 · cancelled 0 · retries 0");
    assertThat(frame.get(3)).startsWith("  agents 2 (started with 2) · scaling grown ·");
    assertThat(frame.get(4)).endsWith(" agents 2 → 4: queue is long");
    assertThat(frame.get(5)).isEqualTo("  resources · memory 93.0 %");
    assertThat(frame.get(6)).endsWith(" memory above 90 %: shrinking");
    assertThat(frame.get(7)).isEqualTo("  failure analysis: random (1 tasks) → halve agents and retry");
    assertThat(frame.get(8)).isEqualTo("  ✖ t2: boom");
    assertThat(ConsoleDashboard.news(s, T0.plusSeconds(30))).containsExactly(
        "[run-7 four] scaling: agents 2 → 4: queue is long",
        "[run-7 four] resource: memory 93.0 %: memory above 90 %: shrinking",
        "[run-7 four] failure analysis: random (1 tasks) → halve agents and retry");
    assertThat(ConsoleDashboard.news(s, t)).isEmpty();
  }

  @Test
  void frame_cutsLinesToTheWidth() {
    TestClock clock = new TestClock();
    RunTracker tracker = new RunTracker(clock, "run-7");
    halfway(tracker::accept, clock);
    assertThat(ConsoleDashboard.frame(tracker.snapshot(), 40)).allSatisfy(line ->
        assertThat(line.length()).isLessThanOrEqualTo(40));
  }

  @Test
  void eta_blendsThePredictionWithTheObservedRate() {
    RunTracker tracker = new RunTracker(new TestClock(), "r");
    tracker.accept(new RunEvent.RunStarted("r", T0, "p", 4, 2, ExecutionMode.DEPENDENCY));
    assertThat(tracker.eta(Duration.ofSeconds(10), 0)).isEmpty(); // nothing known yet
    assertThat(tracker.eta(Duration.ofSeconds(10), 0.25)).contains(Duration.ofSeconds(30)); // rate only
    tracker.accept(new RunEvent.PlanReady("r", T0, fourTasks(), 2, Duration.ofSeconds(100), "simulated", 1,
        new Counts(4, 4, 0, 0, 0, 0, 0, 2, Duration.ZERO)));
    assertThat(tracker.eta(Duration.ofSeconds(10), 0)).contains(Duration.ofSeconds(100));
    // As predicted (t = P × f): P − t all along.
    assertThat(tracker.eta(Duration.ofSeconds(40), 0.4)).contains(Duration.ofSeconds(60));
    // Twice as slow as predicted, 80 % done: 0.2 × 20 + 0.8 × 40 = 36 s.
    assertThat(tracker.eta(Duration.ofSeconds(160), 0.8)).contains(Duration.ofSeconds(36));
    assertThat(tracker.eta(Duration.ofSeconds(160), 1.0)).contains(Duration.ZERO);
  }

  @Test
  void ansi_redrawsTheBlockInPlace() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TestClock clock = new TestClock();
    ConsoleDashboard dashboard = ConsoleDashboard.builder()
        .output(new PrintStream(bytes, true, StandardCharsets.UTF_8)).ansi(true)
        .refresh(Duration.ofHours(1)).clock(clock).build();
    assertThat(dashboard.isAnsi()).isTrue();
    halfway(dashboard, clock);
    dashboard.redraw();
    String first = bytes.toString(StandardCharsets.UTF_8);
    assertThat(first).doesNotContain("\u001b[4F").contains("\u001b[2K", "\u001b[32m███████████████\u001b[0m");
    dashboard.redraw();
    String both = bytes.toString(StandardCharsets.UTF_8);
    assertThat(both.substring(first.length())).startsWith("\u001b[4F\u001b[2K");
  }

  @Test
  void plain_printsALinePerTickAndTheLastFrameBeforeRunReturns() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleDashboard dashboard = ConsoleDashboard.builder()
        .output(new PrintStream(bytes, true, StandardCharsets.UTF_8)).ansi(false).build();
    assertThat(dashboard.isAnsi()).isFalse();
    Workflow workflow = Workflow.named("three")
        .task("a", t -> t.run(ctx -> {}))
        .task("b", t -> t.after("a").run(ctx -> {}))
        .task("c", t -> t.after("a").run(ctx -> {}))
        .build();
    try (Orchestrator orchestrator = Orchestrator.builder().agents(2).listener(dashboard).build()) {
      orchestrator.run(workflow);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).doesNotContain("\u001b[");
    List<String> lines = out.lines().toList();
    assertThat(lines.get(lines.size() - 1)).matches("\\[run-\\d+ three] finished 100\\.0 % 3/3 ·"
        + " succeeded 3 · running 0 · failed 0 · pending 0 · wave 2 of 2 · agents 2 · done in .*");
  }

  @Test
  void builder_rejectsBadSettings() {
    assertThatThrownBy(() -> ConsoleDashboard.builder().refresh(Duration.ofMillis(19)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("refresh interval must be at least 20 ms: PT0.019S");
    assertThatThrownBy(() -> ConsoleDashboard.builder().refresh(null))
        .isInstanceOf(NullPointerException.class).hasMessage("refresh interval cannot be null");
    assertThatThrownBy(() -> ConsoleDashboard.builder().width(39))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("width must be at least 40 columns: 39");
    assertThatThrownBy(() -> ConsoleDashboard.builder().output(null))
        .isInstanceOf(NullPointerException.class).hasMessage("output cannot be null");
  }
}
