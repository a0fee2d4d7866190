package dev.orchestrator.observe;

import dev.orchestrator.plan.ExecutionMode;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.resource.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened in a run. Events are immutable records; a {@link RunListener} receives
 * them in the order the run produced them. Every event names its run and carries its time.
 *
 * <p>A run sends {@link RunStarted} and {@link PlanReady} first and {@link RunFinished} last; in
 * between, {@link WaveStarted}/{@link WaveFinished} around each wave, {@link TaskStarted} for each
 * attempt, {@link TaskProgress} when a task reports progress, {@link TaskRetry} between attempts,
 * {@link TaskFinished} once per task (spawned ones included), {@link ScalingAdjustment} when the
 * pool is resized, and, from the failure supervisor and the resource monitor, {@link
 * FailureAnalysis} and {@link ResourceAlert}.
 *
 * <p>In dependency mode a wave is a {@code WavePlan} wave all the same: it starts when its first task
 * starts and ends when its last task ends, so waves may overlap; in barrier modes they do not.
 */
public sealed interface RunEvent {

  /** The id of the run (unique within the process). */
  String runId();

  /** When it happened. */
  Instant time();

  /** A run started: always the first event of a run. */
  record RunStarted(String runId, Instant time, String plan, int tasks, int agents,
      ExecutionMode mode) implements RunEvent {}

  /**
   * The plan a run executes and what it was predicted to take: always the second event of a run,
   * right after {@link RunStarted}. Dashboards and report writers take the graph, the waves and the
   * estimate from it.
   *
   * @param plan the plan (immutable)
   * @param agents the agents the run starts with
   * @param estimate the predicted makespan on those agents
   * @param estimateSource where the estimate came from: {@code "simulated"} (the simulator, with the
   *     run's own scheduling policy) or {@code "makespan lower bound"} (plans too large to
   *     simulate when the run started)
   * @param waves the number of waves the run reports in {@link WaveStarted} events
   * @param progress the run's live counters (the one part of an event that changes: a view)
   */
  record PlanReady(String runId, Instant time, Plan plan, int agents, Duration estimate,
      String estimateSource, int waves, RunProgress progress) implements RunEvent {
    public PlanReady {
      Objects.requireNonNull(plan, "plan cannot be null");
      Objects.requireNonNull(progress, "progress cannot be null");
      Objects.requireNonNull(estimate, "estimate cannot be null");
      Objects.requireNonNull(estimateSource, "estimate source cannot be null");
    }
  }

  /** A run ended; {@code report} is its final report. Always the last event of a run. */
  record RunFinished(String runId, Instant time, RunReport report, long eventsDropped)
      implements RunEvent {}

  /** The first task of a wave started. */
  record WaveStarted(String runId, Instant time, int wave, int tasks) implements RunEvent {}

  /** The last task of a wave ended. */
  record WaveFinished(String runId, Instant time, int wave) implements RunEvent {}

  /** An attempt of a task started on an agent. */
  record TaskStarted(String runId, Instant time, String taskId, int attempt, String agent)
      implements RunEvent {}

  /** A running task reported progress. */
  record TaskProgress(String runId, Instant time, String taskId, double fraction, String activity)
      implements RunEvent {}

  /** An attempt failed and the task will be tried again after {@code delay}, holding no agent. */
  record TaskRetry(String runId, Instant time, String taskId, int failedAttempt, String error,
      Duration delay) implements RunEvent {}

  /**
   * A task reached its terminal state.
   *
   * @param cause why it failed, was skipped or cancelled (empty when it succeeded)
   * @param agent the agent of its last attempt (empty if it never ran)
   * @param artifacts the files it recorded ({@code TaskContext.artifact}), for its manifest
   * @param criteria the acceptance criteria it recorded ({@code TaskContext.criterion})
   */
  record TaskFinished(String runId, Instant time, String taskId, TaskState state, int attempts,
      Duration duration, Optional<String> agent, Optional<String> cause, List<Artifact> artifacts,
      List<Criterion> criteria) implements RunEvent {
    public TaskFinished {
      Objects.requireNonNull(state, "state cannot be null");
      Objects.requireNonNull(agent, "agent cannot be null");
      Objects.requireNonNull(cause, "cause cannot be null");
      artifacts = List.copyOf(artifacts);
      criteria = List.copyOf(criteria);
    }

    /** A task that recorded no artifact and no criterion. */
    public TaskFinished(String runId, Instant time, String taskId, TaskState state, int attempts,
        Duration duration, Optional<String> agent, Optional<String> cause) {
      this(runId, time, taskId, state, attempts, duration, agent, cause, List.of(), List.of());
    }
  }

  /** The agent pool was resized while running, and why. */
  record ScalingAdjustment(String runId, Instant time, int fromAgents, int toAgents, String reason)
      implements RunEvent {}

  /**
   * A resource crossed its alert threshold (sent by the resource monitor).
   *
   * @param resource the resource above its high-water mark
   * @param utilization the measured share, from 0 to 1
   */
  record ResourceAlert(String runId, Instant time, Resource resource, double utilization,
      String message) implements RunEvent {}

  /**
   * The failures of a run were analysed (sent by the failure supervisor).
   *
   * @param classification the pattern the failures follow
   * @param tasks the failed tasks considered
   * @param action what the run does about it
   * @param evidence why: the failure rate, the shared cause, the group
   */
  record FailureAnalysis(String runId, Instant time, FailurePattern classification, List<String> tasks,
      String action, String evidence) implements RunEvent {
    public FailureAnalysis {
      Objects.requireNonNull(classification, "classification cannot be null");
      tasks = List.copyOf(tasks);
      Objects.requireNonNull(evidence, "evidence cannot be null");
    }

    /** An analysis that states no evidence. */
    public FailureAnalysis(String runId, Instant time, FailurePattern classification, List<String> tasks,
        String action) {
      this(runId, time, classification, tasks, action, "");
    }
  }

  /**
   * A running task was silent (no progress, no heartbeat) for longer than its stall limit.
   *
   * @param silentFor how long it had been silent when it was flagged
   * @param action what the run does: {@code "flagged"}, or cancels the attempt to retry it
   */
  record TaskStalled(String runId, Instant time, String taskId, int attempt, String agent,
      Duration silentFor, String action) implements RunEvent {}

  /**
   * The compensation (undo) of a succeeded task ran during a rollback.
   *
   * @param error why it failed, if it did
   */
  record TaskCompensated(String runId, Instant time, String taskId, boolean succeeded,
      Duration duration, Optional<String> error) implements RunEvent {
    public TaskCompensated {
      Objects.requireNonNull(error, "error cannot be null");
    }
  }
}
