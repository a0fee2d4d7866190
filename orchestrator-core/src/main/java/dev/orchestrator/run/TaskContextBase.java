package dev.orchestrator.run;

import dev.orchestrator.task.MessageChannel;
import dev.orchestrator.task.TaskContext;
import dev.orchestrator.task.TaskSpec;

/**
 * What the two {@link TaskContext}s of a run have in common, an attempt's ({@link AttemptContext})
 * and a compensation's ({@link CompensationContext}): which task of which run they serve, and the
 * parts of the context that read the task and the run alike in both, so that a compensation sees
 * its task's inputs and the run's channel exactly as the task did.
 */
abstract class TaskContextBase implements TaskContext {

  final RunExecution run;
  final int task;
  final TaskSpec spec;

  TaskContextBase(RunExecution run, int task, TaskSpec spec) {
    this.run = run;
    this.task = task;
    this.spec = spec;
  }

  @Override
  public String taskId() {
    return spec.id();
  }

  @Override
  public String taskName() {
    return spec.name();
  }

  @Override
  public <T> T input(String taskId, Class<T> type) {
    return run.services.input(task, spec.id(), taskId, type);
  }

  @Override
  public MessageChannel channel() {
    return run.services.channel();
  }

  /** Refuses a progress fraction outside [0, 1], naming the task. */
  final void checkProgress(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "task '" + spec.id() + "': progress must be within [0, 1]: " + fraction);
    }
  }
}
