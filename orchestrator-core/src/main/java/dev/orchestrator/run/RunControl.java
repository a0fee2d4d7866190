package dev.orchestrator.run;

import java.util.List;
import java.util.Objects;

/**
 * Steering a run from outside its agents: the user's pause, resume, cancel, resize and group
 * pauses ({@link Run}), and the same levers for the failure supervisor (pause to classify, pause a
 * group, abort with a rollback). Pausing stops dispatching and gives back what is left of batches;
 * cancelling is the run state's decision ({@code RunState.cancel}), whose effects interrupt the
 * running attempts.
 */
final class RunControl {

  private final RunExecution run;
  private GroupHolds holds; // made when a group is first paused; guarded by the run's lock
  private boolean rollbackPending; // guarded by the run's lock

  RunControl(RunExecution run) {
    this.run = run;
  }

  /** The paused groups and the tasks they hold, or null if no group was ever paused. */
  GroupHolds holds() {
    return holds;
  }

  /** Whether the run ends with a rollback (after a systematic failure). */
  boolean rollbackPending() {
    return rollbackPending;
  }

  void pause() {
    run.locked(() -> {
      run.paused = true;
      run.claims.drainAll();
    });
  }

  void resume() {
    run.locked(() -> {
      if (run.paused) {
        run.paused = false;
        run.pool.wakeIdle(0);
        run.end.maybeComplete(); // tasks of paused groups may be all that is left
      }
    });
  }

  void pauseGroup(String group) {
    Objects.requireNonNull(group, "group cannot be null");
    run.locked(() -> pauseGroupLocked(group, "paused by the user", true));
  }

  boolean resumeGroup(String group) {
    Objects.requireNonNull(group, "group cannot be null");
    run.lock.lock();
    try {
      if (holds == null || holds.resume(group, run.now()) < 0) {
        return false;
      }
      run.pool.wakeIdle(0);
      return true;
    } finally {
      run.lock.unlock();
    }
  }

  List<String> pausedGroups() {
    return run.locked(() -> holds == null ? List.<String>of() : holds.groups());
  }

  boolean isPaused() {
    return run.locked(() -> run.paused);
  }

  void cancel() {
    run.locked(() -> cancelLocked("the run was cancelled"));
  }

  /** Cancels the run once (not after it is over), with {@code cause} for the tasks it ends. */
  void cancelLocked(String cause) {
    if (run.cancelRequested || run.over) {
      return;
    }
    run.state.cancel(cause, run.now());
    run.end.maybeComplete();
  }

  void resize(int agentCount, String reason) {
    if (agentCount < 1) {
      throw new IllegalArgumentException("agents must be >= 1: " + agentCount);
    }
    Objects.requireNonNull(reason, "reason cannot be null");
    run.locked(() -> run.pool.resize(agentCount, reason));
  }

  // ------------------------------------------------------------------ the failure supervisor's
  // Called through RunGuard, under the lock.

  void analysing(boolean on) {
    run.analysing = on;
    if (on) {
      run.claims.drainAll(); // claimed but not started: they wait like the rest
    } else {
      run.pool.wakeIdle(0);
      run.end.maybeComplete();
    }
  }

  void pauseGroupLocked(String group, String reason, boolean user) {
    run.claims.drainAll(); // a claimed task of the group is held when it is claimed again
    if (holds == null) {
      holds = new GroupHolds(run.state, run.recorder.failureCause);
    }
    holds.pause(group, reason, user);
  }

  /** Cancels the run after a systematic failure; the rollback runs once every agent has stopped. */
  void abort(String cause) {
    rollbackPending = run.options.failureAdaptation().rollback();
    cancelLocked(cause);
  }
}
