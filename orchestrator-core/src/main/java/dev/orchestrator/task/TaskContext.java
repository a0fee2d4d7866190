package dev.orchestrator.task;

import java.nio.file.Path;
import java.util.concurrent.CancellationException;

/**
 * A running task's view of its run, passed to its action.
 *
 * <p>Through it a task reads the outputs of its {@link DependencyKind#DATA DATA} dependencies, uses
 * the warm state of the agent that runs it, reports progress (which is also its heartbeat), checks
 * for cancellation, spawns child tasks, records artifacts and acceptance criteria for its manifest,
 * and, in {@code MESH} mode, talks to the tasks running beside it.
 *
 * <p>A context belongs to one attempt of one task and is used from the thread that runs it.
 */
public interface TaskContext {

  /** The id of the running task. */
  String taskId();

  /** The display name of the running task. */
  String taskName();

  /** Which attempt this is: 1 for the first, 2 for the first retry, ... */
  int attempt();

  /** The name of the agent running this attempt, for example {@code agent-3}. */
  String agentName();

  /**
   * The output of a DATA dependency.
   *
   * @param taskId the id of a task this task has a {@link DependencyKind#DATA} dependency on
   * @param type the type of its output
   * @return the output (null if the task produced null)
   * @throws IllegalArgumentException if this task has no DATA dependency on {@code taskId}, or the
   *     output is not of {@code type}
   */
  <T> T input(String taskId, Class<T> type);

  /**
   * The outputs of a block this task has a DATA dependency on, in item order: fan-in.
   *
   * <pre>{@code
   * .forEach("transform", files, (file, t) -> t.produce(ctx -> transform(file)))
   * .task("aggregate", t -> t.after(DependencyKind.DATA, "transform")
   *     .produce(ctx -> merge(ctx.inputs("transform", Summary.class))))
   * }</pre>
   *
   * @param block the name of a block of the workflow (a {@code forEach}, {@code chunked} or
   *     {@code files} block, or a single task's id)
   * @param type the type of its tasks' outputs
   * @return an unmodifiable list, one output per task of the block (null where a task produced
   *     null)
   * @throws IllegalArgumentException if the plan has no such block, this task has no DATA
   *     dependency on every task of it, or an output is not of {@code type}
   */
  <T> java.util.List<T> inputs(String block, Class<T> type);

  /**
   * The per-agent state that the run's agent factory made for the agent running this attempt (a
   * connection, a client, a loaded model): made once per agent and reused for every task it runs.
   *
   * @param type the type of the state
   * @return the state
   * @throws IllegalStateException if the agent has no state of that type
   */
  <S> S agentState(Class<S> type);

  /**
   * Reports progress; every call is also a heartbeat for stall detection.
   *
   * @param fraction done so far, from 0 to 1
   * @param activity what the task is doing now, for the dashboard (may be empty)
   * @throws IllegalArgumentException if {@code fraction} is not within [0, 1]
   */
  void progress(double fraction, String activity);

  /** Tells the run the task is alive without reporting progress. */
  void heartbeat();

  /** Whether the run asked this task to stop (cancel, timeout, fail-fast). */
  boolean isCancelled();

  /**
   * Throws if the run asked this task to stop; long loops call it between steps.
   *
   * @throws CancellationException if {@link #isCancelled()}
   */
  default void throwIfCancelled() {
    if (isCancelled()) {
      throw new CancellationException("task '" + taskId() + "' was cancelled");
    }
  }

  /**
   * Adds a child task to the run (hierarchical delegation). The child runs on the pool like any
   * task; this task counts as finished only when its action has returned and all its children have
   * finished, so tasks that depend on it see the children's work done.
   *
   * @param child the child; its id is prefixed with this task's id and a {@code /}
   * @return the child's id in the run
   * @throws IllegalStateException if the spawn depth limit is reached
   */
  String spawn(TaskSpec child);

  /** How deep this task is in a spawn hierarchy: 0 for a task of the plan, 1 for its children, ... */
  int depth();

  /**
   * Records a file this task produced; the task's manifest lists it with its size and SHA-256.
   *
   * @param file the file
   */
  void artifact(Path file);

  /**
   * Records whether an acceptance criterion was met, with its evidence, for the task's manifest.
   *
   * @param criterion what was required
   * @param met whether it holds
   * @param evidence where or how it was checked
   */
  void criterion(String criterion, boolean met, String evidence);

  /**
   * The channel through which running tasks exchange messages ({@code MESH} mode).
   *
   * @return the run's channel
   */
  MessageChannel channel();
}
