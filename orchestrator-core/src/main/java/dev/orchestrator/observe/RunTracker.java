package dev.orchestrator.observe;

import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.resource.Resource;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The live state of one run, kept from its events, for the console dashboard and {@code
 * dashboard.json}. Events come in on the run's event thread ({@link #accept}, O(1) each); {@link
 * #snapshot()} may be called from any thread. The counts come from the run's live counters ({@link
 * RunEvent.PlanReady#progress()}) when it sent them, else from the events (exact as long as none
 * was dropped); the run's last event carries the final report, whose counts then replace them.
 *
 * <p><b>ETA.</b> With P the predicted makespan (from {@link RunEvent.PlanReady}: the simulator's,
 * with the run's own scheduling policy), t the time elapsed and f the share of the plan's work done
 * (the planned durations of the finished tasks ÷ the plan's total work), the time left is blended
 * from two guesses: the prediction for the work left, {@code P × (1 − f)}, and the observed rate,
 * {@code t × (1 − f) ÷ f}, weighted by how much of the work is done:
 *
 * <pre>{@code ETA = (1 − f) × P × (1 − f) + f × t × (1 − f) ÷ f}</pre>
 *
 * So at the start the ETA is the prediction, near the end it is the observed rate, and a run that
 * goes exactly as predicted ({@code t = P × f}) gets {@code P − t} all along. Without a prediction
 * only the observed rate counts (nothing until the first task ends).
 */
final class RunTracker {

  /** Adjustments, failures shown, most recent last. */
  static final int RECENT = 3;

  private final ReentrantLock lock = new ReentrantLock();
  private final InstantSource clock;
  private String runId = "";
  private String plan = "";
  private String mode = "";
  private Instant startTime;
  private Instant endTime;
  private String phase = "starting";
  private int total;
  private int succeeded;
  private int failed;
  private int skipped;
  private int cancelled;
  private int retries;
  private int running; // attempts running, or tasks waiting for children they spawned
  private final Set<String> retrying = new HashSet<>(); // waiting to retry: not running
  private TaskGraph graph;
  private long totalWork;
  private long workDone;
  private Duration estimate;
  private String estimateSource = "";
  private final BitSet openWaves = new BitSet();
  private int lastWave = -1;
  private int waves;
  private int agents;
  private int initialAgents;
  private final ArrayDeque<RunEvent.ScalingAdjustment> adjustments = new ArrayDeque<>();
  private final Map<Resource, RunEvent.ResourceAlert> resources = new LinkedHashMap<>();
  private RunEvent.FailureAnalysis analysis;
  private final ArrayDeque<String> recentFailures = new ArrayDeque<>();
  private String activity;
  private long eventsDropped;
  private RunReport report;
  private RunProgress progress; // the run's live counters, when its PlanReady came

  /** The id of the run, as its events carry it. */
  final String id;

  RunTracker(InstantSource clock, String id) {
    this.clock = clock;
    this.id = id;
  }

  /** Takes one event of the run. */
  void accept(RunEvent event) {
    lock.lock();
    try {
      switch (event) {
        case RunEvent.RunStarted s -> {
          runId = s.runId();
          plan = s.plan();
          mode = s.mode().name();
          startTime = s.time();
          total = s.tasks();
          agents = s.agents();
          initialAgents = s.agents();
          phase = "running";
        }
        case RunEvent.PlanReady p -> planReady(p);
        case RunEvent.WaveStarted w -> {
          openWaves.set(w.wave());
          lastWave = Math.max(lastWave, w.wave());
        }
        case RunEvent.WaveFinished w -> openWaves.clear(w.wave());
        case RunEvent.TaskStarted s -> {
          running++;
          if (s.attempt() > 1 && !retrying.isEmpty()) {
            retrying.remove(s.taskId());
          }
          if (finished() + running > total) {
            total = finished() + running; // a spawned task
          }
        }
        case RunEvent.TaskProgress p -> activity = p.taskId() + ": "
            + Math.round(p.fraction() * 100) + " %" + (p.activity().isEmpty() ? "" : " " + p.activity());
        case RunEvent.TaskRetry r -> {
          running--;
          retrying.add(r.taskId());
          retries++;
        }
        case RunEvent.TaskFinished f -> taskFinished(f);
        case RunEvent.ScalingAdjustment a -> {
          agents = a.toAgents();
          adjustments.addLast(a);
          if (adjustments.size() > RECENT) {
            adjustments.removeFirst();
          }
        }
        case RunEvent.ResourceAlert a -> resources.put(a.resource(), a);
        case RunEvent.FailureAnalysis a -> analysis = a;
        case RunEvent.TaskStalled s -> activity = s.taskId() + ": silent for " + s.silentFor()
            + " (" + s.action() + ")";
        case RunEvent.TaskCompensated c -> activity = "rolling back: " + c.taskId()
            + (c.succeeded() ? " undone" : " could not be undone");
        case RunEvent.RunFinished f -> runFinished(f);
      }
    } finally {
      lock.unlock();
    }
  }

  private void planReady(RunEvent.PlanReady p) {
    Plan planned = p.plan();
    graph = PlanInternals.graph(planned);
    totalWork = graph.totalWork();
    estimate = p.estimate();
    estimateSource = p.estimateSource();
    waves = p.waves();
    agents = p.agents();
    initialAgents = p.agents();
    progress = p.progress();
  }

  private void taskFinished(RunEvent.TaskFinished f) {
    // A task that never started, or that waited to retry, was not running.
    if (f.attempts() > 0 && (retrying.isEmpty() || !retrying.remove(f.taskId()))) {
      running--;
    }
    switch (f.state()) {
      case SUCCEEDED -> succeeded++;
      case FAILED -> {
        failed++;
        recentFailures.addLast(f.taskId() + ": " + f.cause().orElse("failed"));
        if (recentFailures.size() > RECENT) {
          recentFailures.removeFirst();
        }
      }
      case SKIPPED -> skipped++;
      case CANCELLED -> cancelled++;
      default -> { }
    }
    if (graph != null) {
      int i = graph.indexOf(f.taskId());
      if (i >= 0) {
        workDone += graph.duration(i);
      }
    }
    if (finished() + running > total) {
      total = finished() + running;
    }
  }

  private void runFinished(RunEvent.RunFinished f) {
    report = f.report();
    total = report.taskCount();
    succeeded = report.succeeded();
    failed = report.failed();
    skipped = report.skipped();
    cancelled = report.cancelled();
    running = 0;
    retrying.clear();
    workDone = totalWork;
    eventsDropped = f.eventsDropped();
    endTime = startTime == null ? f.time() : startTime.plus(report.makespan());
    openWaves.clear();
    phase = report.wasCancelled() ? "cancelled" : "finished";
  }

  private int finished() {
    return succeeded + failed + skipped + cancelled;
  }

  /** The final report, once the run is over. */
  Optional<RunReport> report() {
    lock.lock();
    try {
      return Optional.ofNullable(report);
    } finally {
      lock.unlock();
    }
  }

  String runId() {
    lock.lock();
    try {
      return runId;
    } finally {
      lock.unlock();
    }
  }

  /** The run now. */
  Snapshot snapshot() {
    lock.lock();
    try {
      Instant now = clock.instant();
      Instant start = startTime == null ? now : startTime;
      Instant until = endTime != null ? endTime : now;
      Duration elapsed = until.isBefore(start) ? Duration.ZERO : Duration.between(start, until);
      if (progress != null && report == null) { // the run's own counters: exact, no event needed
        total = progress.total();
        succeeded = progress.succeeded();
        failed = progress.failed();
        skipped = progress.skipped();
        cancelled = progress.cancelled();
        running = progress.running();
        agents = progress.agents();
        workDone = progress.plannedWorkDone().toNanos();
      }
      int done = finished();
      double f = totalWork > 0 ? Math.min(1.0, (double) workDone / totalWork)
          : total == 0 ? 1.0 : (double) done / total;
      if (report != null) {
        f = 1.0;
      }
      Optional<Duration> eta = report != null ? Optional.empty() : eta(elapsed, f);
      int wave = openWaves.isEmpty() ? lastWave + 1 : openWaves.nextSetBit(0) + 1;
      double seconds = elapsed.toNanos() / 1e9;
      double throughput = seconds <= 0 ? 0 : done / seconds;
      int pending = progress != null && report == null ? progress.pending()
          : Math.max(0, total - done - running);
      return new Snapshot(runId, plan, mode, phase, start, now, elapsed, total, succeeded, failed,
          skipped, cancelled, Math.max(0, running), pending, retries, f, Optional.ofNullable(estimate),
          estimateSource, eta, wave, waves, agents, initialAgents,
          throughput, new ArrayList<>(adjustments), new ArrayList<>(resources.values()),
          Optional.ofNullable(analysis), new ArrayList<>(recentFailures),
          Optional.ofNullable(activity), eventsDropped);
    } finally {
      lock.unlock();
    }
  }

  /** See the class description. */
  Optional<Duration> eta(Duration elapsed, double f) {
    double t = elapsed.toNanos();
    if (f >= 1.0) {
      return Optional.of(Duration.ZERO);
    }
    double observed = f > 0 ? t * (1 - f) / f : Double.NaN;
    if (estimate == null) {
      return f > 0 ? Optional.of(Duration.ofNanos(Math.round(observed))) : Optional.empty();
    }
    double predicted = estimate.toNanos() * (1 - f);
    double blended = f > 0 ? (1 - f) * predicted + f * observed : predicted;
    return Optional.of(Duration.ofNanos(Math.round(blended)));
  }
}
