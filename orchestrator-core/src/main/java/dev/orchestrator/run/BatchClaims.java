package dev.orchestrator.run;

import dev.orchestrator.schedule.Dispatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * How agents take tasks from the run state: one at a time, or in batches while tasks are short.
 *
 * <p>While an agent's tasks are short (the last took under {@link #SHORT_TASK_NANOS}) and far more
 * tasks are ready than agents, it claims up to {@link #MAX_BATCH} at once under one lock hold:
 * exactly the tasks that as many {@code next} calls would return, in the policy's order (a critical
 * task, a barrier or the concurrency limit ends a batch as it ends those calls). It runs them back
 * to back and records their outcomes together, at the end of the batch or every {@link
 * #RECORD_INTERVAL_NANOS} (at once after a failure), so that successors wait no longer than that.
 * Idle agents steal the batch's next task, so a batch never holds work an idle agent could do;
 * pause, cancel and an abandoned agent give back what is left of batches.
 *
 * <p>Also counts hand-offs (a successor started on the agent that made it ready) and steals. Guarded
 * by the run's lock.
 */
final class BatchClaims {

  /** The most tasks an agent claims at once. */
  static final int MAX_BATCH = 64;
  /**
   * An agent claims batches only while its last task took less than this: below it the lock and
   * the hand-over cost as much as the task; above it one task per lock hold costs nothing.
   */
  static final long SHORT_TASK_NANOS = 20_000;
  /** A batch's outcomes are recorded at least this often (nanoseconds of running). */
  static final long RECORD_INTERVAL_NANOS = 50_000;

  private final RunExecution run;
  private final List<Agent> batched = new ArrayList<>(); // agents whose batch may have tasks left
  private int[] releasedBy; // the agent whose completion made a task ready, or -1
  private int finishingAgent = -1; // the agent whose completion is being processed
  private long handOffs;
  private long steals;

  BatchClaims(RunExecution run) {
    this.run = run;
    this.releasedBy = new int[Math.max(1, run.n)];
    java.util.Arrays.fill(releasedBy, -1);
  }

  /**
   * Claims the agent's next task, and a batch behind it when its tasks are short and far more are
   * ready than agents; else steals the next task of another agent's batch.
   *
   * @return the first task to run, or null if there is none
   */
  Agent.Attempt claim(Agent agent, long now) {
    var state = run.state;
    var holds = run.control.holds();
    int t = state.next(now, agent.slot);
    while (t != Dispatcher.NONE && holds != null && holds.hold(t)) {
      run.end.maybeComplete(); // a task of a paused group waits without an agent
      t = run.over ? Dispatcher.NONE : state.next(now, agent.slot);
    }
    if (t == Dispatcher.NONE) {
      return run.over ? null : steal(agent);
    }
    Agent.Attempt first = attempt(t);
    int claimed = 1;
    // Leave most of the ready tasks to the other agents: a batch takes a quarter of an even share.
    int limit = agent.lastTaskNanos < SHORT_TASK_NANOS
        ? Math.min(MAX_BATCH, run.dispatcher.ready() / (4 * Math.max(1, run.pool.live()))) : 0;
    agent.batch = null;
    if (limit >= 1) {
      Agent.Attempt[] items = new Agent.Attempt[limit + 1];
      items[0] = first;
      while (claimed <= limit) {
        int u = state.next(now, agent.slot);
        if (u == Dispatcher.NONE) {
          break;
        }
        if (holds != null && holds.hold(u)) {
          continue;
        }
        items[claimed++] = attempt(u);
      }
      if (claimed > 1) {
        agent.batch = new Agent.Batch(items, claimed, 1);
        if (!agent.listed) {
          agent.listed = true;
          batched.add(agent);
        }
      }
    }
    run.recorder.pendingCount -= claimed;
    run.recorder.runningCount += claimed;
    if (claimed > 1) {
      run.pool.wakeIdle(0);
    }
    return first;
  }

  private Agent.Attempt attempt(int t) {
    return new Agent.Attempt(run, t, run.record.attempts(t) + 1, run.state.spec(t));
  }

  /** The next task of some agent's batch that this agent may run, taken; null if none. */
  private Agent.Attempt steal(Agent thief) {
    for (int i = 0; i < batched.size(); ) {
      Agent.Batch b = batched.get(i).batch;
      Agent.Attempt a;
      while (b != null && (a = b.peek()) != null) {
        if (!run.dispatcher.mayRun(thief.slot, a.task)) {
          break;
        }
        if (b.take(a)) {
          a.stolen = true;
          return a;
        }
      }
      if (b == null || b.isEmpty()) {
        batched.get(i).listed = false;
        batched.set(i, batched.get(batched.size() - 1));
        batched.remove(batched.size() - 1);
      } else {
        i++;
      }
    }
    return null;
  }

  /** A claimed task that never started goes back to the run state. */
  void giveBack(Agent.Attempt attempt, long now) {
    run.recorder.runningCount--;
    run.recorder.pendingCount++;
    run.state.unclaim(attempt.task, now);
  }

  /** Gives back what is left of every batch (pause, cancel). */
  void drainAll() {
    long now = run.now();
    for (Agent agent : batched) {
      drain(agent, now);
      agent.listed = false;
    }
    batched.clear();
  }

  /** Gives back what is left of one agent's batch. */
  void drain(Agent agent, long now) {
    Agent.Batch b = agent.batch;
    if (b != null) {
      for (int i = b.takeRest(); i < b.size; i++) {
        giveBack(b.items[i], now);
      }
    }
  }

  // ------------------------------------------------------------------ hand-offs and steals

  /** Completions of {@code agent} are being handed to the run state (-1: none). */
  void finishing(int agent) {
    finishingAgent = agent;
  }

  /** A task became ready: the agent whose completion released it may hand it to itself. */
  void ready(int t) {
    if (t < releasedBy.length) {
      releasedBy[t] = finishingAgent;
    }
  }

  /** Room for a spawned task {@code t}. */
  void grow(int t) {
    if (releasedBy.length <= t) {
      int from = releasedBy.length;
      releasedBy = java.util.Arrays.copyOf(releasedBy, t * 2);
      java.util.Arrays.fill(releasedBy, from, releasedBy.length, -1);
    }
  }

  /** Counts how the attempt's task came to its agent: stolen, handed off, or neither. */
  void count(Agent agent, Agent.Attempt attempt) {
    int t = attempt.task;
    int released = t < releasedBy.length ? releasedBy[t] : -1;
    if (attempt.stolen || (released >= 0 && released != agent.recordNumber)) {
      steals++;
    } else if (released >= 0) {
      handOffs++;
    }
  }

  long handOffs() {
    return handOffs;
  }

  long steals() {
    return steals;
  }
}
