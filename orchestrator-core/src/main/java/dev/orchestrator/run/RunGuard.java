package dev.orchestrator.run;

import dev.orchestrator.observe.FailurePattern;
import dev.orchestrator.observe.RunEvent;
import java.util.List;

/** The failure supervisor's view of its run: every call comes under the run's lock. */
final class RunGuard implements FailureSupervisor.Control {

  private final RunExecution run;
  private FailureSupervisor supervisor;

  RunGuard(RunExecution run) {
    this.run = run;
  }

  void supervisor(FailureSupervisor supervisor) {
    this.supervisor = supervisor;
  }

  @Override
  public int poolSize() {
    return run.pool.target();
  }

  @Override
  public int requestedPool() {
    return run.pool.requested();
  }

  @Override
  public void limitPool(int agents, String reason) {
    run.pool.cap(true, agents, reason);
  }

  @Override
  public void pauseForAnalysis() {
    run.control.analysing(true);
  }

  @Override
  public void resumeAfterAnalysis() {
    run.control.analysing(false);
  }

  @Override
  public int running() {
    return run.recorder.runningCount;
  }

  @Override
  public void scheduleAnalysis(long nanos) {
    run.timers.later(supervisor::analysisDue, nanos);
  }

  @Override
  public void pauseGroup(String group, String reason) {
    run.control.pauseGroupLocked(group, reason, false);
  }

  @Override
  public void abort(String cause) {
    run.control.abort(cause);
  }

  @Override
  public void analysed(FailurePattern classification, List<String> tasks, String action, String evidence) {
    run.recorder.analysed(new RunEvent.FailureAnalysis(run.id, run.timeNow(), classification, tasks,
        action, evidence));
  }

  @Override
  public String taskId(int task) {
    return run.services.taskId(task);
  }

  @Override
  public String group(int task) {
    return run.services.spec(task).group().orElse(null);
  }
}
