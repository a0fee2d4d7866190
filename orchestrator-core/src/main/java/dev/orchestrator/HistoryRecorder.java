package dev.orchestrator;

import dev.orchestrator.history.ExecutionHistory;
import dev.orchestrator.history.RunRecord;
import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.RunListener;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskOutcome;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.TaskSpec;
import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every finished run in an {@link ExecutionHistory} ({@link ExecutionHistory#record}): the
 * listener {@code Orchestrator.builder().history(history)} adds. It lives here, not in {@code history}, because it
 * reads a {@link RunReport} ({@code observe}) and {@code history} may not use {@code observe}.
 */
final class HistoryRecorder implements RunListener {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryRecorder.class);

  private final ExecutionHistory store;

  HistoryRecorder(ExecutionHistory store) {
    this.store = store;
  }

  @Override
  public void onEvent(RunEvent event) {
    if (event instanceof RunEvent.RunFinished finished) {
      record(finished.report()).ifPresent(r -> {
        try {
          store.record(r);
        } catch (RuntimeException e) {
          LOG.warn("{}: could not record the run in {}", r.runId(), store, e);
        }
      });
    }
  }

  /**
   * The record of a run; empty for a cancelled run (its time says nothing about the work), a run
   * without its plan, or an empty one.
   */
  static Optional<RunRecord> record(RunReport report) {
    Plan plan = report.executedPlan().orElse(null);
    if (plan == null || report.wasCancelled() || plan.size() == 0
        || report.pool().peakAgents() < 1) {
      return Optional.empty();
    }
    Map<TaskType, Long> work = new LinkedHashMap<>();
    Map<TaskType, Integer> counts = new LinkedHashMap<>();
    Map<TaskType, long[]> spans = new LinkedHashMap<>(); // sum, count
    List<TaskSpec> tasks = plan.tasks();
    List<TaskOutcome> outcomes = report.tasks();
    for (int i = 0; i < tasks.size(); i++) {
      TaskSpec spec = tasks.get(i);
      TaskType type = spec.type();
      work.merge(type, plan.durationOf(spec.id()).toNanos(), Long::sum);
      counts.merge(type, 1, Integer::sum);
      TaskOutcome outcome = outcomes.get(i);
      if (outcome.state() == TaskState.SUCCEEDED && outcome.attempts() == 1) {
        long[] s = spans.computeIfAbsent(type, t -> new long[2]);
        s[0] += outcome.duration().toNanos();
        s[1]++;
      }
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
    return Optional.of(new RunRecord(report.startTime(), report.runId(), report.plan(), dominant,
        byName, plan.size(), report.pool().peakAgents(), report.makespan(),
        report.metrics().parallelismEfficiency(), report.metrics().successRate(), durations));
  }
}
