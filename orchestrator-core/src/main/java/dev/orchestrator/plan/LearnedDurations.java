package dev.orchestrator.plan;

import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.Optional;

/**
 * Durations learned from past runs, as {@link Plan#withLearnedDurations} asks for them: per task
 * id, per name pattern ({@link #patternOf}), per task type. The orchestrator adapts its execution
 * history to this.
 */
public interface LearnedDurations {

  /** The duration measured for this task id, if any. */
  Optional<Duration> forTask(String taskId);

  /** The duration measured for tasks whose ids have this {@link #patternOf pattern}, if any. */
  Optional<Duration> forPattern(String pattern);

  /** The duration learned for the type, if any. */
  Optional<Duration> forType(TaskType type);

  /** Nothing learned. */
  static LearnedDurations none() {
    return new LearnedDurations() {
      @Override
      public Optional<Duration> forTask(String taskId) {
        return Optional.empty();
      }

      @Override
      public Optional<Duration> forPattern(String pattern) {
        return Optional.empty();
      }

      @Override
      public Optional<Duration> forType(TaskType type) {
        return Optional.empty();
      }
    };
  }

  /**
   * A task id's name pattern: every run of digits replaced by {@code #}, so that the tasks one
   * {@code forEach} made share it: {@code deploy-srv-00017 → deploy-srv-#}, {@code fetch-607 →
   * fetch-#}, {@code report → report}.
   */
  static String patternOf(String taskId) {
    StringBuilder pattern = new StringBuilder(taskId.length());
    boolean inDigits = false;
    for (int i = 0; i < taskId.length(); i++) {
      char c = taskId.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      if (!digit) {
        pattern.append(c);
      } else if (!inDigits) {
        pattern.append('#');
      }
      inDigits = digit;
    }
    return pattern.toString();
  }
}
