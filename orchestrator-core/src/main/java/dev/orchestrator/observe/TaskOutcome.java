package dev.orchestrator.observe;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one task of a run ended.
 *
 * @param taskId the task's id (a spawned task's id starts with its parent's id and a {@code /})
 * @param state its terminal state
 * @param attempts how many attempts it made (0 if it never ran)
 * @param started when its first attempt started, from the start of the run
 * @param finished when it reached its terminal state, from the start of the run
 * @param agent the agent of its last attempt
 * @param cause why it failed, was skipped or cancelled
 * @param error the exception of its last failed attempt, if it failed with one
 * @param parent the task that spawned it, if it was spawned
 * @param artifacts the files it recorded
 * @param criteria the acceptance criteria it recorded
 */
public record TaskOutcome(
    String taskId,
    TaskState state,
    int attempts,
    Optional<Duration> started,
    Optional<Duration> finished,
    Optional<String> agent,
    Optional<String> cause,
    Optional<Throwable> error,
    Optional<String> parent,
    List<Artifact> artifacts,
    List<Criterion> criteria) {

  public TaskOutcome {
    Objects.requireNonNull(taskId, "task id cannot be null");
    Objects.requireNonNull(state, "state cannot be null");
    artifacts = List.copyOf(artifacts);
    criteria = List.copyOf(criteria);
  }

  /** From its first start to its end; zero if it never started. */
  public Duration duration() {
    return started.isPresent() && finished.isPresent()
        ? finished.get().minus(started.get())
        : Duration.ZERO;
  }
}
