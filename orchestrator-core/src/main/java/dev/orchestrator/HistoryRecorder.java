package dev.orchestrator;

import dev.orchestrator.history.ExecutionHistory;
import dev.orchestrator.history.RunRecord;
import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.RunListener;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskOutcome;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.LearnedDurations;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.TaskSpec;
import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every finished run in an {@link ExecutionHistory} ({@link ExecutionHistory#record}): the
 * listener {@code Orchestrator.builder().history(history)} adds. It lives here, not in {@code history}, because it
 * reads a {@link RunReport} ({@code observe}) and {@code history} may not use {@code observe}.
 *
 * <p>It learns per attempt: a task's duration is its succeeded attempt's, from that attempt's
 * {@code TaskStarted} to its {@code TaskFinished}, so neither the backoff before a retry nor the
 * time the task waited for a limit (it starts only once admitted) counts. Without the start event
 * (the run dropped events) a task that succeeded at its first attempt counts with its outcome's
 * duration, and one that needed more attempts is left out.
 */
final class HistoryRecorder implements RunListener {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryRecorder.class);

  private final ExecutionHistory store;
  // Per run: the last attempt's start of each task, then the succeeded attempt's duration.
  private final Map<String, Map<String, Instant>> starts = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Duration>> attempts = new ConcurrentHashMap<>();

  HistoryRecorder(ExecutionHistory store) {
    this.store = store;
  }

  @Override
  public void onEvent(RunEvent event) {
    switch (event) {
      case RunEvent.TaskStarted started -> starts
          .computeIfAbsent(started.runId(), id -> new ConcurrentHashMap<>())
          .put(started.taskId(), started.time());
      case RunEvent.TaskFinished finished when finished.state() == TaskState.SUCCEEDED -> {
        Instant start = starts.getOrDefault(finished.runId(), Map.of()).get(finished.taskId());
        if (start != null) {
          attempts.computeIfAbsent(finished.runId(), id -> new ConcurrentHashMap<>())
              .put(finished.taskId(), Duration.between(start, finished.time()));
        }
      }
      case RunEvent.RunFinished finished -> {
        starts.remove(finished.runId());
        Map<String, Duration> measured = attempts.remove(finished.runId());
        record(finished.report(), measured == null ? Map.of() : measured).ifPresent(r -> {
          try {
            store.record(r);
          } catch (RuntimeException e) {
            LOG.warn("{}: could not record the run in {}", r.runId(), store, e);
          }
        });
      }
      default -> { }
    }
  }

  /** {@link #record(RunReport, Map)} with nothing measured per attempt. */
  static Optional<RunRecord> record(RunReport report) {
    return record(report, Map.of());
  }

  /**
   * The record of a run; empty for a cancelled run (its time says nothing about the work), a run
   * without its plan, an empty one, or a resumed run that had nothing left to run. Tasks a resumed
   * run restored from its journal are not counted: the record describes the work this run did.
   *
   * @param attemptDurations the succeeded attempt of each task, measured from the events
   */
  static Optional<RunRecord> record(RunReport report, Map<String, Duration> attemptDurations) {
    Plan plan = report.executedPlan().orElse(null);
    if (plan == null || report.wasCancelled() || plan.size() == 0
        || report.pool().peakAgents() < 1) {
      return Optional.empty();
    }
    Map<TaskType, Long> work = new LinkedHashMap<>();
    Map<TaskType, Integer> counts = new LinkedHashMap<>();
    Map<TaskType, long[]> spans = new LinkedHashMap<>(); // sum, count
    Map<String, long[]> patternSpans = new LinkedHashMap<>();
    Map<String, Duration> taskDurations = new LinkedHashMap<>();
    List<TaskSpec> tasks = plan.tasks();
    List<TaskOutcome> outcomes = report.tasks();
    int restored = 0;
    for (int i = 0; i < tasks.size(); i++) {
      TaskSpec spec = tasks.get(i);
      TaskOutcome outcome = outcomes.get(i);
      if (isRestored(outcome)) {
        restored++;
        continue;
      }
      TaskType type = spec.type();
      work.merge(type, plan.durationOf(spec.id()).toNanos(), Long::sum);
      counts.merge(type, 1, Integer::sum);
      if (outcome.state() != TaskState.SUCCEEDED || spec.isGate()) {
        continue;
      }
      Duration attempt = attemptDurations.get(spec.id());
      if (attempt == null && outcome.attempts() == 1) {
        attempt = outcome.duration();
      }
      if (attempt == null) {
        continue;
      }
      taskDurations.put(spec.id(), attempt);
      long[] s = spans.computeIfAbsent(type, t -> new long[2]);
      s[0] += attempt.toNanos();
      s[1]++;
      long[] p = patternSpans.computeIfAbsent(LearnedDurations.patternOf(spec.id()),
          k -> new long[2]);
      p[0] += attempt.toNanos();
      p[1]++;
    }
    if (work.isEmpty()) {
      return Optional.empty();
    }
    TaskType dominant = null;
    for (TaskType type : work.keySet()) {
      if (dominant == null || work.get(type) > work.get(dominant)
          || (work.get(type).equals(work.get(dominant)) && counts.get(type) > counts.get(dominant))) {
        dominant = type;
      }
    }
    Map<String, Integer> byName = new LinkedHashMap<>();
    counts.forEach((type, n) -> byName.put(type.name(), n));
    Map<TaskType, Duration> durations = new LinkedHashMap<>();
    spans.forEach((type, s) -> durations.put(type, Duration.ofNanos(s[0] / s[1])));
    Map<String, Duration> patterns = new LinkedHashMap<>();
    patternSpans.forEach((pattern, s) -> patterns.put(pattern, Duration.ofNanos(s[0] / s[1])));
    return Optional.of(new RunRecord(report.startTime(), report.runId(), report.plan(), dominant,
        byName, plan.size() - restored, report.pool().peakAgents(), report.makespan(),
        report.metrics().parallelismEfficiency(), report.metrics().successRate(), durations,
        taskDurations, patterns, restored, report.estimate()));
  }

  /** A task a resumed run took from its journal: succeeded without an attempt of this run. */
  private static boolean isRestored(TaskOutcome outcome) {
    return outcome.state() == TaskState.SUCCEEDED && outcome.attempts() == 0
        && outcome.cause().isPresent();
  }
}
