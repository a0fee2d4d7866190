package dev.orchestrator.schedule;

import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.task.TaskSpec;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * A discrete-event run of a {@link RunState} on a virtual clock, with failures: the decisions a
 * real run makes (retry with the task's backoff, fail, FAIL_FAST, skip dependents) come from the
 * same run state; only the attempts are made up. An attempt takes its task's planned duration and
 * then fails with the task's failure probability, decided by {@link #fails} (a pure function of the
 * seed, the task id and the attempt number, so that a real run can make the same tasks fail); an
 * attempt of a task with a timeout shorter than its duration ends at the timeout with the run's
 * timeout error instead. Agents ask for work the moment they are free, lowest agent first; events
 * at the same time are all handled before agents ask again, as in {@link VirtualSchedule}, so a run
 * without failures has the same makespan.
 *
 * <p>Costs O((tasks + edges + attempts) log tasks) time.
 */
public final class SimulatedRun {

  /** The simulated failure of an attempt. */
  public static final class SimulatedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SimulatedFailure(String taskId, int attempt) {
      super("simulated failure of task '" + taskId + "', attempt " + attempt, null, false, false);
    }
  }

  private final long makespan;
  private final long[] start;
  private final long[] finish;
  private final int[] agent;
  private final int[] attempts;
  private final byte[] outcome;

  private SimulatedRun(long makespan, long[] start, long[] finish, int[] agent, int[] attempts,
      byte[] outcome) {
    this.makespan = makespan;
    this.start = start;
    this.finish = finish;
    this.agent = agent;
    this.attempts = attempts;
    this.outcome = outcome;
  }

  /**
   * Whether attempt {@code attempt} of task {@code taskId} fails, for failure probability {@code
   * probability} and {@code seed}: a hash of the three mapped to [0, 1) is below the probability.
   */
  public static boolean fails(long seed, String taskId, int attempt, double probability) {
    if (probability <= 0) {
      return false;
    }
    long h = new SplittableRandom(seed ^ (31L * taskId.hashCode() + attempt) * 0x9E3779B97F4A7C15L)
        .nextLong();
    return (h >>> 11) * 0x1.0p-53 < probability;
  }

  /**
   * Runs a plan.
   *
   * @param order the priority order (from {@link PriorityOrder})
   * @param agents the number of agents
   * @param failFast whether a task failing for good cancels the run
   * @param failureProbability each task's chance that an attempt fails
   * @param seed the random seed of the failures and of the retries' jitter
   */
  public static SimulatedRun run(TaskGraph graph, int[] order, Dispatcher.Settings settings,
      int agents, boolean failFast, ToDoubleFunction<TaskSpec> failureProbability, long seed) {
    if (agents < 1) {
      throw new IllegalArgumentException("agents must be >= 1: " + agents);
    }
    Objects.requireNonNull(failureProbability);
    return new Loop(graph, order, settings, agents, failFast, failureProbability, seed).run();
  }

  /** The time the last task ended. */
  public long makespan() {
    return makespan;
  }

  /**
   * Copies of the recorded arrays, by task: when its last attempt started (its end, for a task that
   * never started), when it ended, the agent (0-based) of its last attempt or -1, how many
   * attempts it made, and its terminal outcome ({@link Dispatcher#SUCCEEDED} ...).
   */
  public long[] starts() {
    return start.clone();
  }

  public long[] finishes() {
    return finish.clone();
  }

  public int[] agents() {
    return agent.clone();
  }

  public int[] attemptCounts() {
    return attempts.clone();
  }

  public byte[] outcomes() {
    return outcome.clone();
  }

  /** An attempt ending or a retry falling due, at a time; ties in the order they were made. */
  private record Event(long time, long seq, int task, int agent, Throwable error) {
    static final int RETRY = -1;
  }

  /** The event loop: the run state's effects land here. */
  private static final class Loop implements RunState.Effects {
    private final TaskGraph graph;
    private final int n;
    private final int m;
    private final ToDoubleFunction<TaskSpec> probability;
    private final long seed;
    private final RunState state;
    private final PriorityQueue<Event> events = new PriorityQueue<>(
        (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private final int[] slot;
    private final int[] runningTask;
    private final BitSet idle;
    private long seq;
    private long now;
    private long last; // the latest end so far: the makespan
    private long[] start;
    private long[] finish;
    private int[] agentOf;
    private int[] attempts;
    private byte[] outcome;

    Loop(TaskGraph graph, int[] order, Dispatcher.Settings settings, int agents, boolean failFast,
        ToDoubleFunction<TaskSpec> probability, long seed) {
      this.graph = graph;
      this.n = graph.size();
      this.probability = probability;
      this.seed = seed;
      this.state = new RunState(graph, order, settings, failFast, new SplittableRandom(seed), this);
      // More agents than the concurrency limit never run anything: leave them out.
      this.m = (int) Math.min(agents, Math.min(settings.concurrencyLimit(), Math.max(1, n)));
      this.slot = new int[m];
      this.runningTask = new int[m];
      Arrays.fill(runningTask, -1);
      this.idle = new BitSet(m);
      idle.set(0, m);
      for (int a = 0; a < m; a++) {
        slot[a] = state.agentJoined(java.util.Set.of());
      }
      start = new long[n];
      finish = new long[n];
      agentOf = new int[n];
      Arrays.fill(agentOf, -1);
      attempts = new int[n];
      outcome = new byte[n];
    }

    SimulatedRun run() {
      while (true) {
        dispatch();
        Event e = events.poll();
        if (e == null) {
          break;
        }
        now = e.time;
        handle(e);
        while (!events.isEmpty() && events.peek().time == now) {
          handle(events.poll());
        }
      }
      if (!state.isDone()) {
        throw new IllegalStateException("simulation stalled with "
            + (state.size() - state.dispatcher().terminalCount()) + " tasks unfinished");
      }
      return new SimulatedRun(last, start, finish, agentOf, attempts, outcome);
    }

    private void dispatch() {
      for (int a = idle.nextSetBit(0); a >= 0; a = idle.nextSetBit(a + 1)) {
        int t = state.next(now, slot[a]);
        if (t == Dispatcher.NONE) {
          break; // every agent has the same skills, so every one would get the same answer
        }
        idle.clear(a);
        runningTask[a] = t;
        int attempt = ++attempts[t];
        start[t] = now;
        agentOf[t] = a;
        TaskSpec spec = state.spec(t);
        long duration = t < n ? graph.duration(t) : 0;
        long timeout = spec.timeout().map(java.time.Duration::toNanos).orElse(Long.MAX_VALUE);
        Throwable error = null;
        long end;
        if (timeout < duration) {
          end = now + timeout;
          error = state.timeoutError(t, null, false);
        } else {
          end = now + duration;
          if (fails(seed, spec.id(), attempt, probability.applyAsDouble(spec))) {
            error = new SimulatedFailure(spec.id(), attempt);
          }
        }
        events.add(new Event(end, seq++, t, a, error));
      }
    }

    private void handle(Event e) {
      if (e.agent == Event.RETRY) {
        state.retryDue(e.task, now);
        return;
      }
      if (runningTask[e.agent] != e.task) {
        return; // the attempt was interrupted by a cancel and has ended already
      }
      runningTask[e.agent] = -1;
      idle.set(e.agent);
      if (e.error == null) {
        state.attemptSucceeded(e.task, now);
      } else {
        state.attemptFailed(e.task, attempts[e.task], e.error, false, now);
      }
    }

    @Override
    public void retrying(int task, int attempt, Throwable error, long delayNanos) {
      if (delayNanos > 0) {
        events.add(new Event(now + delayNanos, seq++, task, Event.RETRY, null));
      }
    }

    @Override
    public void cancelled(String cause) {
      // Running attempts are interrupted: they end now, and the run state ends them CANCELLED.
      for (int a = 0; a < m; a++) {
        int t = runningTask[a];
        if (t >= 0) {
          events.add(new Event(now, seq++, t, a,
              new InterruptedException("cancelled: " + cause)));
        }
      }
    }

    @Override
    public void ended(int task, byte result, int cause, long at) {
      last = Math.max(last, at);
      if (task >= start.length) {
        return; // spawned tasks are not simulated
      }
      if (attempts[task] == 0) {
        start[task] = at;
      }
      finish[task] = at;
      outcome[task] = result;
    }
  }
}
