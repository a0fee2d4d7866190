package dev.orchestrator.run;

import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.schedule.Dispatcher;
import dev.orchestrator.schedule.RunState;
import java.util.concurrent.CancellationException;

/**
 * Ended attempts go to the run's {@link RunState}, which decides (retry, fail, FAIL_FAST, cancel, a
 * parent's end after its children), and the decisions come back here as {@link RunState.Effects}
 * that the shell carries out: record them, journal them, tell listeners, set a retry's timer,
 * interrupt running attempts. Under the run's lock throughout.
 */
final class AttemptCompletion implements RunState.Effects {

  private final RunExecution run;
  private long inputTime; // the time of the input being handed to the run state

  AttemptCompletion(RunExecution run) {
    this.run = run;
  }

  /** Records the attempts the agent ended since the last time. */
  void recordEnded(Agent agent) {
    Agent.Attempt[] done = agent.done;
    for (int i = 0, count = agent.doneCount; i < count; i++) {
      Agent.Attempt attempt = done[i];
      done[i] = null;
      if (attempt.notStarted) {
        if (attempt.announced) {
          // Its start is already posted and journaled: it counts as an attempt the cancel ended.
          run.record.attemptStarted(attempt.task, attempt.started, agent.recordNumber);
          complete(agent, attempt, null,
              new CancellationException("the run was cancelled as the task was starting"),
              attempt.started);
        } else {
          run.claims.giveBack(attempt, run.now());
        }
        continue;
      }
      run.claims.count(agent, attempt);
      run.recorder.announce(agent, attempt, attempt.started);
      run.record.attemptStarted(attempt.task, attempt.started, agent.recordNumber);
      complete(agent, attempt, attempt.result, attempt.error, attempt.ended);
    }
    agent.doneCount = 0;
  }

  /** An attempt ended on its agent at {@code end}. */
  private void complete(Agent agent, Agent.Attempt attempt, Object result, Throwable error, long end) {
    int t = attempt.task;
    agent.tasks++;
    agent.busyNanos += end - attempt.started;
    run.recorder.runningCount--;
    run.timers.ended(attempt);
    if (attempt.timedOut) {
      error = run.state.timeoutError(t, error, false);
    } else if (attempt.stalled) {
      error = run.timers.stallError(t, error, false);
    }
    run.claims.finishing(agent.recordNumber);
    try {
      if (error == null) {
        run.services.succeeded(t, result);
        run.journal.output(t, attempt.journaled);
        inputTime = end;
        run.state.attemptSucceeded(t, end);
        if (run.supervisor != null) {
          run.supervisor.succeeded(t);
        }
      } else {
        failed(t, attempt.number, error, end);
      }
    } finally {
      run.claims.finishing(-1);
    }
    if (run.record.sampleDue(end)) {
      run.record.queueSample(end, run.dispatcher.ready(), run.dispatcher.running());
    }
  }

  /** An attempt of task {@code t} failed at {@code now}; the run state decides what follows. */
  void failed(int t, int attemptNumber, Throwable error, long now) {
    inputTime = now;
    run.state.attemptFailed(t, attemptNumber, error, error instanceof AgentLoop.GateShutException,
        now);
    if (run.supervisor != null && !run.cancelRequested) {
      run.supervisor.failed(t, error);
    }
  }

  // ------------------------------------------------------------------ the run state's effects

  @Override
  public void ready(int t) {
    run.claims.ready(t);
  }

  @Override
  public void waveStarted(int wave) {
    run.post(() -> new RunEvent.WaveStarted(run.id, run.timeNow(), wave,
        run.dispatcher.waves().size(wave)));
  }

  @Override
  public void waveFinished(int wave) {
    run.post(() -> new RunEvent.WaveFinished(run.id, run.timeNow(), wave));
  }

  @Override
  public void ended(int t, byte outcome, int cause, long at) {
    run.recorder.ended(t, outcome, cause, at);
  }

  @Override
  public void retrying(int t, int attempt, Throwable error, long delayNanos) {
    run.recorder.lastError.put(t, error);
    run.recorder.retrying(t, attempt, error, delayNanos, inputTime);
    if (delayNanos > 0) {
      run.timers.retryAfter(t, delayNanos);
    }
  }

  @Override
  public void failing(int t, byte outcome, Throwable error) {
    Recorder recorder = run.recorder;
    if (error != null) {
      recorder.lastError.put(t, error);
    }
    if (outcome == Dispatcher.CANCELLED) {
      recorder.failureCause.putIfAbsent(t, recorder.cancelCause); // abandoning sets its own
    } else {
      recorder.failureCause.put(t, error instanceof AgentLoop.GateShutException
          ? error.getMessage() : Recorder.describe(error));
    }
  }

  @Override
  public void cancelling(String cause) {
    run.cancelRequested = true;
    run.recorder.cancelCause = cause;
    run.record.cancelled();
  }

  @Override
  public void cancelled(String cause) {
    run.claims.drainAll();
    for (Agent agent : run.pool.agents) {
      Agent.Attempt attempt = agent.attempt;
      if (attempt != null && !agent.abandoned) {
        run.timers.cancelRunning(agent, attempt, cause);
      }
    }
    run.pool.wakeAll();
  }
}
