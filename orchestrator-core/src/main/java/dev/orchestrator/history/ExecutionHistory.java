package dev.orchestrator.history;

import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What past runs teach the scaler: the runs of similar work (same type, size within ±20 %) and the
 * durations learned per task type, and where finished runs are kept ({@link #record}). The
 * execution history store implements it; {@link #none()} is the empty history.
 *
 * <pre>{@code
 * AutoScaler scaler = AutoScaler.builder().history(store).build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe and fast: the scaler calls them while planning.
 */
public interface ExecutionHistory {

  /**
   * Past runs of work similar to {@code taskCount} tasks of {@code type}: same type, task count
   * within ±20 % ({@link PastRun#isSimilarTo(TaskType, int)}). Newest first.
   */
  List<PastRun> similarRuns(TaskType type, int taskCount);

  /** The typical duration of one task of {@code type}, learned from past runs, if any. */
  Optional<Duration> learnedDuration(TaskType type);

  /**
   * The duration of one attempt of task {@code taskId}, measured in recent runs of the plan named
   * {@code plan}, if any. Task ids are only compared within one plan's runs: another plan's
   * {@code t1} is another task.
   */
  default Optional<Duration> learnedTaskDuration(String plan, String taskId) {
    return Optional.empty();
  }

  /**
   * The mean attempt duration of the tasks whose ids have this name pattern (digits replaced by
   * {@code #}), measured in recent runs of the plan named {@code plan}, if any.
   */
  default Optional<Duration> learnedPatternDuration(String plan, String pattern) {
    return Optional.empty();
  }

  /**
   * Keeps a finished run, so that later runs learn from it. {@code Orchestrator.Builder.history}
   * calls it for every run that was not cancelled, whatever type the history is held as; the
   * default keeps nothing (a read-only history), {@link HistoryStore} appends to its file.
   */
  default void record(RunRecord run) {
    Objects.requireNonNull(run, "run cannot be null");
  }

  /** The empty history: no runs, nothing learned. */
  static ExecutionHistory none() {
    return EmptyHistory.INSTANCE;
  }

  /**
   * A history holding these runs and learned durations, for tests and for callers that keep their
   * own records.
   */
  static ExecutionHistory of(List<PastRun> runs, java.util.Map<TaskType, Duration> learned) {
    Objects.requireNonNull(runs, "runs cannot be null");
    Objects.requireNonNull(learned, "learned durations cannot be null");
    List<PastRun> copy = List.copyOf(runs);
    java.util.Map<TaskType, Duration> durations = java.util.Map.copyOf(learned);
    return new ExecutionHistory() {
      @Override
      public List<PastRun> similarRuns(TaskType type, int taskCount) {
        return copy.stream().filter(run -> run.isSimilarTo(type, taskCount)).toList();
      }

      @Override
      public Optional<Duration> learnedDuration(TaskType type) {
        return Optional.ofNullable(durations.get(type));
      }

      @Override
      public String toString() {
        return "ExecutionHistory.of(" + copy.size() + " runs, " + durations.size() + " learned)";
      }
    };
  }
}
