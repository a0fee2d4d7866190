package dev.orchestrator.run;

import dev.orchestrator.observe.AgentStatistics;
import dev.orchestrator.observe.PoolStatistics;
import dev.orchestrator.observe.RunEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's agents: each a named thread (virtual by default) that makes its warm state with the
 * {@link AgentFactory}, runs the {@link AgentLoop} and closes its state when it leaves; the idle
 * ones parked on a stack and woken for the ready tasks the busy ones will not take; and the pool's
 * size. The size in force is the smallest of what was asked for ({@link #resize}) and the caps the
 * failure supervisor and the resource monitor set, so that the three never fight over one number:
 * growing starts agents at once, shrinking lets the surplus retire (idle ones at once, busy ones
 * after their task).
 *
 * <p>Guarded by the run's lock.
 */
final class AgentPool {

  private static final Logger LOG = LoggerFactory.getLogger(AgentPool.class);

  private final RunExecution run;
  final List<Agent> agents = new ArrayList<>();
  private final ArrayDeque<Agent> idle = new ArrayDeque<>();
  private int live; // agents started and not retired, exited or abandoned
  private int peak;
  private int target;
  private int waking;
  private int threads; // agent threads that have not exited (abandoned ones excluded)
  private int requested;
  private int failureCap = Integer.MAX_VALUE;
  private int pressureCap = Integer.MAX_VALUE;
  private int abandonedAttempts;

  AgentPool(RunExecution run) {
    this.run = run;
  }

  int live() {
    return live;
  }

  int target() {
    return target;
  }

  int requested() {
    return requested;
  }

  /** Whether no agent thread is left to wait for. */
  boolean allExited() {
    return threads == 0;
  }

  /** Whether the pool is over its size: the asking agent retires. */
  boolean shrinking() {
    return live > target;
  }

  /** Registers the first {@code count} agents, their threads not started yet. */
  Agent[] addAll(int count) {
    target = count;
    requested = count;
    Agent[] created = new Agent[count];
    for (int i = 0; i < count; i++) {
      created[i] = add();
    }
    return created;
  }

  private void start() {
    add().thread.start();
  }

  /** Registers a new agent, its skills and its (unstarted) thread. */
  private Agent add() {
    int number = agents.size() + 1;
    AgentInfo info = new AgentInfo(number, "agent-" + number, run.id);
    Agent agent = new Agent(info, run.record.addAgent(info.name()), run.now());
    agents.add(agent);
    // Skills are known (and the dispatcher told) before the agent's thread runs, so that tasks
    // meant for it are not taken as "nobody has this skill" while it starts.
    try {
      @SuppressWarnings({"unchecked", "rawtypes"})
      Set<String> skills = Set.copyOf(((AgentFactory) run.options.agentFactory()).skills(info));
      agent.skills = skills;
    } catch (RuntimeException e) {
      LOG.warn("agent factory could not tell the skills of {} in {}; it has none", agent, run.id, e);
    }
    agent.slot = run.state.agentJoined(agent.skills);
    live++;
    threads++;
    peak = Math.max(peak, live);
    Thread.Builder builder = run.options.threads() == AgentThreads.PLATFORM
        ? Thread.ofPlatform().daemon(true) : Thread.ofVirtual();
    agent.thread = builder.name("orchestrator-" + info.name()).unstarted(() -> main(agent));
    return agent;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void main(Agent agent) {
    AgentFactory factory = run.options.agentFactory();
    try {
      agent.state = factory.create(agent.info);
      agent.stateReady = true;
    } catch (Throwable e) {
      failedToStart(agent, e);
      return;
    }
    try {
      run.loop.run(agent);
    } finally {
      if (!agent.abandoned) {
        try {
          factory.close(agent.state);
        } catch (Throwable e) {
          LOG.warn("closing the state of {} in {} failed; ignored", agent, run.id, e);
        }
        exited(agent);
      }
    }
  }

  private void failedToStart(Agent agent, Throwable e) {
    LOG.warn("agent factory failed for {} in {}", agent, run.id, e);
    run.lock.lock();
    try {
      live--;
      run.state.agentLeft(agent.slot);
      agent.endNanos = run.now();
      if (live == 0 && !run.over && !run.state.isDone()) {
        run.control.cancelLocked("no agent could start: " + e);
      }
    } finally {
      run.lock.unlock();
    }
    exited(agent);
  }

  private void exited(Agent agent) {
    run.lock.lock();
    try {
      agent.exited = true;
      if (agent.endNanos < 0) {
        agent.endNanos = run.now();
      }
      threads--;
      run.end.maybeComplete();
    } finally {
      run.lock.unlock();
    }
  }

  /** The asking agent leaves: the pool is over its size. */
  void retire(Agent agent) {
    live--;
    run.state.agentLeft(agent.slot);
    agent.endNanos = run.now();
  }

  /**
   * An agent stuck in {@code attempt} past its grace is given up: counted, and out of the pool
   * without waiting for its thread. Returns whether a replacement is due.
   */
  boolean abandon(Agent agent, Agent.Attempt attempt) {
    abandonedAttempts++;
    agent.abandoned = true;
    agent.endNanos = run.now();
    agent.busyNanos += agent.endNanos - attempt.started;
    agent.tasks++;
    live--;
    threads--;
    run.state.agentLeft(agent.slot);
    return !run.over && live < target && !run.cancelRequested;
  }

  /** Starts an agent in place of an abandoned one. */
  void replace() {
    start();
  }

  /** Parks an agent until work may be there; called and returns with the lock held. */
  void waitForWork(Agent agent) {
    agent.signalled = false;
    agent.idle = true;
    idle.push(agent);
    run.lock.unlock();
    try {
      while (!agent.signalled) {
        LockSupport.park(this);
      }
    } finally {
      run.lock.lock();
      if (waking > 0 && agent.signalled) {
        waking--;
      }
    }
  }

  /** Wakes idle agents for the ready tasks the caller (if an agent about to ask) will not take. */
  void wakeIdle(int reserve) {
    if (idle.isEmpty() || run.halted()) {
      return;
    }
    var dispatcher = run.dispatcher;
    int startable = Math.min(dispatcher.ready(), run.plan.concurrencyLimit() - dispatcher.running());
    int wanted = startable - reserve - waking;
    while (wanted-- > 0 && !idle.isEmpty()) {
      signal(idle.pop());
      waking++;
    }
  }

  void wakeAll() {
    while (!idle.isEmpty()) {
      signal(idle.pop());
    }
    waking = 0;
  }

  private static void signal(Agent agent) {
    agent.idle = false;
    agent.signalled = true;
    LockSupport.unpark(agent.thread);
  }

  /** The user asked for {@code agents}. */
  void resize(int agents, String reason) {
    requested = agents;
    retarget(reason);
  }

  /** Caps the pool for failures ({@code failure}) or resource pressure; MAX_VALUE lifts the cap. */
  void cap(boolean failure, int cap, String reason) {
    if (failure) {
      failureCap = cap;
    } else {
      pressureCap = cap;
    }
    retarget(reason);
  }

  /** Applies the pool in force, the smallest of what was asked and the caps. */
  private void retarget(String reason) {
    int agentCount = Math.max(1, Math.min(requested, Math.min(failureCap, pressureCap)));
    if (run.over || agentCount == target) {
      return;
    }
    int from = target;
    target = agentCount;
    while (live < target) {
      start();
    }
    if (live > target) {
      wakeAll(); // idle agents over the target retire at once; busy ones after their task
    }
    run.recorder.adjusted(
        new RunEvent.ScalingAdjustment(run.id, run.timeNow(), from, agentCount, reason));
  }

  /** The pool's figures for the report, the run having ended at {@code endNanos}. */
  PoolStatistics statistics(long endNanos) {
    List<AgentStatistics> stats = new ArrayList<>(agents.size());
    for (Agent agent : agents) {
      long end = agent.endNanos < 0 ? endNanos : agent.endNanos;
      stats.add(new AgentStatistics(agent.info.name(), agent.tasks, Duration.ofNanos(agent.busyNanos),
          Duration.ofNanos(Math.max(0, end - agent.createdNanos)), agent.abandoned));
    }
    return new PoolStatistics(agents.size(), peak, stats, run.claims.handOffs(), run.claims.steals(),
        abandonedAttempts);
  }
}
