package dev.orchestrator.run;

import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.Plan;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A live run of a plan: counts as it goes, pause and resume, cancel, resize, and its report when it
 * ends.
 *
 * <pre>{@code
 * Run run = orchestrator.runAsync(plan);
 * while (run.await(Duration.ofSeconds(5)).isEmpty()) {
 *   System.out.printf("%d of %d done, %d running%n", run.finished(), run.total(), run.running());
 * }
 * RunReport report = run.await();
 * }</pre>
 *
 * <p>Counts are read without locking and may be a moment old; once the run is done they are final
 * and reconcile: {@code succeeded + failed + skipped + cancelled == total}. Thread-safe.
 */
public interface Run extends dev.orchestrator.observe.RunProgress {

  /** The run's id, unique within the process. */
  String id();

  /** The plan being run. */
  Plan plan();

  // total(), succeeded(), failed(), skipped(), cancelled() and agents() come from RunProgress as
  // they are; pending() and running() are declared again because a run says more about them.

  /**
   * Tasks that have not started (waiting, ready, or waiting out a retry delay), less those an agent
   * has already taken to start next (see {@link #running()}).
   */
  int pending();

  /**
   * Tasks running now (or whose spawned children still run), including those an agent has taken to
   * run next: with many short tasks ready, an agent takes up to 64 at once and runs them back to
   * back, so this count may run ahead of the tasks actually inside their action by that many.
   */
  int running();

  /** Tasks in a terminal state. */
  default int finished() {
    return succeeded() + failed() + skipped() + cancelled();
  }

  /** Whether every task has reached its terminal state and the report is ready. */
  boolean isDone();

  /**
   * Waits for the run to end.
   *
   * @return its report
   * @throws InterruptedException if the waiting thread is interrupted (the run goes on)
   */
  RunReport await() throws InterruptedException;

  /**
   * Waits at most {@code timeout} for the run to end.
   *
   * @return its report, or empty if it is still running
   * @throws InterruptedException if the waiting thread is interrupted (the run goes on)
   */
  Optional<RunReport> await(Duration timeout) throws InterruptedException;

  /** Completes with the report when the run ends. */
  CompletionStage<RunReport> completion();

  /** Stops starting tasks; running ones go on. Idempotent. */
  void pause();

  /** Starts tasks again after {@link #pause()}. Idempotent. */
  void resume();

  boolean isPaused();

  /**
   * Stops starting the tasks of one group ({@code TaskSpec.group()}); the other groups go on. The
   * failure supervisor does the same when failures are confined to a group. Tasks of a paused group
   * wait, holding no agent, until {@link #resumeGroup} (the run does not end while they wait, as
   * with {@link #pause()}). Tasks of a group the supervisor paused end CANCELLED, with the reason,
   * once the rest of the run has ended. Idempotent.
   *
   * @param group the group
   */
  void pauseGroup(String group);

  /**
   * Starts the tasks of a paused group again.
   *
   * @param group the group
   * @return false if the group was not paused
   */
  boolean resumeGroup(String group);

  /** The groups paused now, in the order they were paused. */
  java.util.List<String> pausedGroups();

  /**
   * Cancels the run, gracefully then by force: nothing new starts, tasks that have not started end
   * CANCELLED, running tasks are interrupted and given the run's cancel grace to stop; those still
   * running then are abandoned and end CANCELLED. Returns at once; {@link #await()} waits for the
   * end. Idempotent.
   */
  void cancel();

  /**
   * Grows or shrinks the pool while running. Growing starts agents at once; shrinking retires idle
   * agents at once and busy ones after their current task.
   *
   * @param agents the new pool size, at least 1
   * @param reason why, for the scaling-adjustment event and the report
   * @throws IllegalArgumentException if {@code agents < 1}
   */
  void resize(int agents, String reason);

  /** Like {@link #resize(int, String)} with the reason "resized by the user". */
  default void resize(int agents) {
    resize(agents, "resized by the user");
  }
}
