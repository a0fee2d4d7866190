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
    return run.poolTarget();
  }

  @Override
  public int requestedPool() {
    return run.requestedPool();
  }

  @Override
  public void limitPool(int agents, String reason) {
    run.capPool(true, agents, reason);
  }

  @Override
  public void pauseForAnalysis() {
    run.analysing(true);
  }

  @Override
  public void resumeAfterAnalysis() {
    run.analysing(false);
  }

  @Override
  public int running() {
    return run.runningAttempts();
  }

  @Override
  public void scheduleAnalysis(long nanos) {
    run.later(supervisor::analysisDue, nanos);
  }

  @Override
  public void pauseGroup(String group, String reason) {
    run.pauseGroupLocked(group, reason, false);
  }

  @Override
  public void abort(String cause) {
    run.abort(cause);
  }

  @Override
  public void analysed(FailurePattern classification, List<String> tasks, String action, String evidence) {
    run.analysed(new RunEvent.FailureAnalysis(run.id(), run.timeNow(), classification, tasks,
        action, evidence));
  }

  @Override
  public String taskId(int task) {
    return run.taskId(task);
  }

  @Override
  public String group(int task) {
    return run.spec(task).group().orElse(null);
  }
}
