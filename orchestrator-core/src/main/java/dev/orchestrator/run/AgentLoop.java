package dev.orchestrator.run;

import dev.orchestrator.task.TaskSpec;

/**
 * What an agent does, from its start to its exit: under the run's lock, take a task ({@link
 * BatchClaims}); if none, park; else release the lock, run the task (and its batch), re-take the
 * lock to record the outcome and take the next. A successor the agent just made ready starts on it
 * with no hand-off: one lock acquisition per task in the steady state. When more tasks became ready
 * than the agent will take, idle agents are woken to take (steal) them. Nothing an agent runs holds
 * the lock: task actions run outside it.
 */
final class AgentLoop {

  private final RunExecution run;

  AgentLoop(RunExecution run) {
    this.run = run;
  }

  /** The agent's loop; returns when the run is over, the agent retires or is abandoned. */
  void run(Agent agent) {
    var lock = run.lock;
    var pool = run.pool;
    lock.lock();
    try {
      while (true) {
        if (run.over) {
          return;
        }
        if (pool.shrinking()) {
          pool.retire(agent);
          return;
        }
        long now = run.now();
        Agent.Attempt first = run.halted() ? null : run.claims.claim(agent, now);
        if (first == null) {
          if (!run.over) { // a held task may have been the last one: the run can be over now
            pool.waitForWork(agent);
          }
          continue;
        }
        Agent.Batch batch = first.stolen ? null : agent.batch;
        run.recorder.announce(agent, first, now);
        lock.unlock();
        boolean alive = runClaimed(agent, first, batch, now);
        lock.lock();
        if (!alive) {
          return; // abandoned: the run has replaced this agent and recorded its attempts
        }
        run.completion.recordEnded(agent);
        pool.wakeIdle(1);
        run.end.maybeComplete();
      }
    } finally {
      if (lock.isHeldByCurrentThread()) {
        lock.unlock();
      }
    }
  }

  /**
   * Runs a claimed task and, if it heads a batch, the batch's next ones until none is left (other
   * agents may steal some meanwhile). Called without the lock; the outcomes wait in the agent's
   * list for {@link AttemptCompletion#recordEnded}, which runs every {@link
   * BatchClaims#RECORD_INTERVAL_NANOS} and after a failure. One clock reading per task: a task
   * starts when the one before it ended.
   *
   * @return false if the agent was abandoned (it must leave without touching the run)
   */
  private boolean runClaimed(Agent agent, Agent.Attempt first, Agent.Batch batch, long start) {
    Agent.Attempt attempt = first;
    long recordedAt = start;
    while (true) {
      attempt.started = start;
      attempt.heartbeat = start;
      attempt.agent = agent;
      agent.attempt = attempt;
      if (run.cancelRequested) {
        // Cancelled between the claim and now: the task never starts (cancel gives back the rest).
        if (!agent.endAttempt(attempt)) {
          return false;
        }
        attempt.notStarted = true;
        agent.ended(attempt);
        return true;
      }
      run.timers.started(agent, attempt);
      Object result = null;
      Throwable error = null;
      try {
        result = execute(attempt);
      } catch (Throwable e) {
        error = e;
      }
      if (error == null && run.journal.keepsOutput(attempt.task)) {
        attempt.journaled = JournalWriter.encode(result); // here: the agent's thread, no lock
      }
      long end = run.now();
      if (!agent.endAttempt(attempt)) {
        return false;
      }
      attempt.result = result;
      attempt.error = error;
      attempt.ended = end;
      agent.ended(attempt);
      agent.lastTaskNanos = end - start;
      if (batch == null) {
        return true;
      }
      start = end;
      if (error != null || end - recordedAt >= BatchClaims.RECORD_INTERVAL_NANOS) {
        run.lock.lock();
        try {
          run.completion.recordEnded(agent);
          run.pool.wakeIdle(0);
          run.end.maybeComplete();
        } finally {
          run.lock.unlock();
        }
        start = recordedAt = run.now();
      }
      attempt = batch.take();
      if (attempt == null) {
        return true;
      }
    }
  }

  private static Object execute(Agent.Attempt attempt) throws Exception {
    TaskSpec spec = attempt.spec;
    Object result = spec.action().apply(attempt);
    if (spec.isGate() && !Boolean.TRUE.equals(result)) {
      throw new GateShutException("gate '" + spec.id() + "' stayed shut");
    }
    return result;
  }

  /** A gate's check said no. */
  static final class GateShutException extends Exception {
    GateShutException(String message) {
      super(message, null, false, false);
    }
  }
}
