package dev.orchestrator.run;

import dev.orchestrator.observe.Artifact;
import dev.orchestrator.observe.Criterion;
import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.schedule.Dispatcher;
import dev.orchestrator.schedule.MakespanBounds;
import dev.orchestrator.schedule.PriorityOrder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Where what happens in a run is written down: the live report ({@code RunReport.Builder}), the
 * counters {@link Run} reads without the lock, the listeners' events and the journal, fanned out
 * from one call per happening. Also the predicted makespan the report and the dashboard show.
 *
 * <p>Called under the run's lock, except the counters, which are read without it.
 */
final class Recorder {

  private final RunExecution run;
  private Duration estimate;
  private String estimateSource;

  // Why a task ends as it does, and what it threw, until its end is recorded. Guarded by the lock.
  final Map<Integer, Throwable> lastError = new HashMap<>();
  final Map<Integer, String> failureCause = new HashMap<>();
  String cancelCause = "the run was cancelled";

  // Read without the lock by the live counters; written under it.
  volatile int pendingCount;
  volatile int runningCount;
  private final int[] terminalCounts = new int[TaskState.values().length];
  volatile int totalCount;
  volatile long workDone; // planned nanoseconds of the plan tasks that ended

  Recorder(RunExecution run, PriorityOrder.Order chosen, Dispatcher.Settings settings) {
    this.run = run;
    this.pendingCount = run.n;
    this.totalCount = run.n;
    estimate(chosen, settings);
  }

  /**
   * The predicted makespan, for the report and the dashboard's ETA: the plan's preview when it was
   * made for this agent count, else the simulated makespan of the order just chosen (the same
   * policy on a virtual clock), else, for plans too large to simulate, the makespan lower bound.
   */
  private void estimate(PriorityOrder.Order chosen, Dispatcher.Settings settings) {
    var preview = run.plan.preview().filter(p -> p.agents() == run.options.agents());
    if (preview.isPresent()) {
      estimate = preview.get().waves().estimatedTime();
      estimateSource = preview.get().waves().estimateSource();
    } else if (chosen.makespan() >= 0) {
      estimate = Duration.ofNanos(chosen.makespan());
      estimateSource = "simulated";
    } else {
      int effective = Math.min(run.options.agents(), settings.concurrencyLimit());
      estimate = Duration.ofNanos(MakespanBounds.of(run.graph).atLeast(effective));
      estimateSource = "makespan lower bound";
    }
    run.record.estimate(estimate, estimateSource);
  }

  Duration estimate() {
    return estimate;
  }

  String estimateSource() {
    return estimateSource;
  }

  int terminalCount(TaskState state) {
    return terminalCounts[state.ordinal()];
  }

  /**
   * The task-started event and journal line, which are written only under the run's lock: when the
   * agent claims the task it starts at once, and for the rest of a batch when the batch is
   * recorded, with the real start time.
   */
  void announce(Agent agent, Agent.Attempt attempt, long startNanos) {
    if (attempt.announced) {
      return;
    }
    attempt.announced = true;
    JournalWriter journal = run.journal.writer();
    if (journal != null) {
      journal.started(run.record.id(attempt.task), attempt.number, agent.info.name());
    }
    EventBus events = run.events;
    if (events != null && events.everyTask()) {
      events.taskStarted(run.record.id(attempt.task), attempt.number, agent.info.name(), startNanos);
    }
  }

  /** A task reached its terminal state at {@code now} ({@code cause}: the task that caused it, or -1). */
  void ended(int t, byte outcome, int cause, long now) {
    TaskState state = switch (outcome) {
      case Dispatcher.SUCCEEDED -> TaskState.SUCCEEDED;
      case Dispatcher.FAILED -> TaskState.FAILED;
      case Dispatcher.SKIPPED -> TaskState.SKIPPED;
      default -> TaskState.CANCELLED;
    };
    var record = run.record;
    TaskState before = record.state(t);
    if (before == TaskState.PENDING) {
      pendingCount--;
    }
    String why = failureCause.isEmpty() ? null : failureCause.remove(t);
    if (why == null && cause >= 0) {
      String other = record.id(cause);
      why = switch (state) {
        case SKIPPED -> "dependency '" + other + "' " + verb(record.state(cause));
        case FAILED -> "spawned task '" + other + "' " + verb(record.state(cause));
        default -> null;
      };
    }
    if (why == null && state == TaskState.CANCELLED) {
      why = cancelCause;
    }
    Throwable error = lastError.isEmpty() ? null : lastError.remove(t);
    if (state != TaskState.FAILED && state != TaskState.CANCELLED) {
      error = null;
    }
    record.finished(t, state, now, why, error);
    terminalCounts[state.ordinal()]++;
    run.journal.ended(t, state, why);
    if (t < run.n) {
      workDone += run.graph.duration(t);
    }
    EventBus events = run.events;
    if (events != null && (state != TaskState.SUCCEEDED || events.everyTask())) {
      long started = record.startNanos(t);
      long took = started < 0 ? 0 : now - started;
      int agent = record.agentNumber(t);
      String agentName = agent < 0 ? null : run.pool.agents.get(agent).info.name();
      List<Artifact> artifacts = record.artifacts(t);
      List<Criterion> criteria = record.criteria(t);
      if (artifacts.isEmpty() && criteria.isEmpty()) {
        events.taskFinished(record.id(t), state, record.attempts(t), took, agentName, why, now);
      } else {
        events.post(new RunEvent.TaskFinished(run.id, run.time(now), record.id(t), state,
            record.attempts(t), Duration.ofNanos(took), Optional.ofNullable(agentName),
            Optional.ofNullable(why), artifacts, criteria));
      }
    }
  }

  /** A failed attempt will be tried again after {@code delayNanos}: the task is pending again. */
  void retrying(int t, int attempt, Throwable error, long delayNanos, long now) {
    run.record.pending(t);
    pendingCount++;
    Duration delay = Duration.ofNanos(delayNanos);
    if (run.events != null) {
      run.events.post(new RunEvent.TaskRetry(run.id, run.time(now), run.record.id(t), attempt,
          describe(error), delay));
    }
    JournalWriter journal = run.journal.writer();
    if (journal != null) {
      journal.retry(run.record.id(t), attempt, describe(error), delay);
    }
  }

  /** The pool changed size. */
  void adjusted(RunEvent.ScalingAdjustment adjustment) {
    fanOut(adjustment, run.record::adjustment, JournalWriter::pool);
  }

  /** A running attempt was found silent past its stall limit. */
  void stalled(RunEvent.TaskStalled stall) {
    fanOut(stall, run.record::stall, JournalWriter::stall);
  }

  /** The failure supervisor classified the failures. */
  void analysed(RunEvent.FailureAnalysis analysis) {
    fanOut(analysis, run.record::analysis, JournalWriter::analysis);
  }

  /** The resource monitor raised an alert. */
  void alert(RunEvent.ResourceAlert alert) {
    fanOut(alert, run.record::alert, JournalWriter::alert);
  }

  /** A compensation ran; takes the lock (the rollback runs without it). */
  void compensationRan(RunEvent.TaskCompensated outcome) {
    run.locked(() -> fanOut(outcome, run.record::compensation, JournalWriter::compensated));
  }

  /** Into the report, to the listeners and into the journal: the one way a run event is kept. */
  private <E extends RunEvent> void fanOut(E event, Consumer<E> report,
      BiConsumer<JournalWriter, E> journaled) {
    report.accept(event);
    if (run.events != null) {
      run.events.post(event);
    }
    JournalWriter journal = run.journal.writer();
    if (journal != null) {
      journaled.accept(journal, event);
    }
  }

  static String describe(Throwable error) {
    String message = error.getMessage();
    return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String verb(TaskState state) {
    return switch (state) {
      case FAILED -> "failed";
      case SKIPPED -> "was skipped";
      case CANCELLED -> "was cancelled";
      default -> "ended " + state;
    };
  }
}
