package dev.orchestrator.run;

import dev.orchestrator.task.TaskContext;
import dev.orchestrator.task.TaskSpec;
import java.nio.file.Path;

/**
 * The {@link TaskContext} of a compensation during a rollback: it reads the task's DATA inputs and
 * the run's channel like the task did, but runs on no agent and may not spawn or record a manifest.
 */
final class CompensationContext extends TaskContextBase {

  CompensationContext(RunExecution run, int task, TaskSpec spec) {
    super(run, task, spec);
  }

  /** A compensation is not an attempt of its task: always 1. */
  @Override
  public int attempt() {
    return 1;
  }

  @Override
  public String agentName() {
    return "rollback";
  }

  @Override
  public <S> S agentState(Class<S> type) {
    throw unsupported("has no agent state: compensations run on no agent");
  }

  @Override
  public void progress(double fraction, String activity) {
    checkProgress(fraction);
  }

  @Override
  public void heartbeat() {}

  @Override
  public boolean isCancelled() {
    return Thread.currentThread().isInterrupted();
  }

  @Override
  public String spawn(TaskSpec child) {
    throw unsupported("cannot spawn '" + child.id() + "'");
  }

  @Override
  public int depth() {
    return 0;
  }

  @Override
  public void artifact(Path file) {
    throw unsupported("cannot record an artifact");
  }

  @Override
  public void criterion(String criterion, boolean met, String evidence) {
    throw unsupported("cannot record a criterion");
  }

  private IllegalStateException unsupported(String what) {
    return new IllegalStateException("the compensation of task '" + spec.id() + "' " + what);
  }

  @Override
  public String toString() {
    return "TaskContext[compensation of " + spec.id() + "]";
  }
}
