package dev.orchestrator.schedule;

import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.Priority;
import dev.orchestrator.task.TaskSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The dispatch state machine of one run: which tasks wait, which are ready, which run, and which one
 * an agent that asks for work gets next. The simulator drives it on a virtual clock and the real
 * scheduler on the real clock (under its lock), so that estimates and runs follow one policy.
 *
 * <p>The policy, in order:
 *
 * <ol>
 *   <li>a task becomes ready when every dependency has finished (HARD and DATA ones successfully);
 *       in barrier modes also only once every task of the waves before its own has finished;
 *   <li>a critical task starts only when nothing runs, and nothing starts beside it; while one is
 *       ready, nothing else starts;
 *   <li>no more than the concurrency limit run at once;
 *   <li>among the ready tasks an agent may run (skill match), the highest priority class goes first
 *       (ageing moves a task waiting longer than the ageing interval up one class, never to
 *       CRITICAL), then the earliest position in the priority order ({@link SchedulingPolicy}).
 * </ol>
 *
 * <p>A failed (or cancelled) task's HARD and DATA dependents are skipped at once, with the task as
 * their cause; SOFT dependents still run. Tasks spawned at run time join the ready queue with the
 * position of the plan task they descend from, and their parent finishes when its own work and all
 * its children have finished.
 *
 * <p>Not thread-safe: the real scheduler calls it under its lock. Times are nanoseconds on any
 * monotonic clock.
 */
public final class Dispatcher {

  /**
   * How long a ready task waits before it is boosted one class, unless set otherwise: 4 hours, so
   * that only work starved for most of a working day moves up.
   */
  public static final java.time.Duration DEFAULT_AGING = java.time.Duration.ofHours(4);

  /** No task to start now. */
  public static final int NONE = -1;

  /** Terminal outcomes, as passed to {@link #finished} and reported to {@link Events}. */
  public static final byte SUCCEEDED = 1;
  public static final byte FAILED = 2;
  public static final byte SKIPPED = 3;
  public static final byte CANCELLED = 4;

  private static final byte WAITING = 0;
  private static final byte READY = 1;
  private static final byte HELD = 2; // ready, but behind a barrier
  private static final byte RUNNING = 3;
  private static final byte RETRY_WAIT = 4;
  private static final byte CHILDREN = 5; // own work done, children still running
  private static final byte DONE = 6;

  private static final int SEQ_BITS = 30;
  private static final long SEQ_MASK = (1L << SEQ_BITS) - 1;
  private static final int POS_BITS = 31;
  private static final long POS_MASK = (1L << POS_BITS) - 1;
  private static final int CLASS_SHIFT = SEQ_BITS + POS_BITS;
  private static final int MAX_PROFILES = 64;
  private static final int HIGH = Priority.HIGH.ordinal();

  /** What the dispatcher decided on its own, for the caller to record. */
  public interface Events {
    /** A task reached its terminal state; {@code cause} is the task that caused it, or -1. */
    default void terminal(int task, byte outcome, int cause) {}

    /** A task became ready (its dependencies allow it to start). */
    default void ready(int task) {}

    /** The first task of a wave started. */
    default void waveStarted(int wave) {}

    /** The last task of a wave finished. */
    default void waveFinished(int wave) {}
  }

  /**
   * How tasks are released.
   *
   * @param barriers whether each wave waits for the one before ({@code WAVES}, {@code PIPELINE})
   * @param concurrencyLimit the most tasks running at once
   * @param agingNanos how long a ready task waits before it is boosted one class; 0 for no ageing
   */
  public record Settings(boolean barriers, int concurrencyLimit, long agingNanos) {
    public Settings {
      if (concurrencyLimit < 1) {
        throw new IllegalArgumentException("concurrency limit must be >= 1: " + concurrencyLimit);
      }
      if (agingNanos < 0) {
        throw new IllegalArgumentException("ageing interval cannot be negative: " + agingNanos);
      }
    }
  }

  private final TaskGraph graph;
  private final int n;
  private final int[] order;
  private final Settings settings;
  private final Events events;
  private final WaveIndex waves;

  // Per task, plan tasks first, then spawned ones (the arrays grow).
  private int size;
  private byte[] state;
  private byte[] cls;
  private byte[] outcome;
  private boolean[] critical;
  private int[] pending;
  private int[] doom; // 1 + the task that dooms it to be skipped, or 0
  private long[] key; // position << SEQ_BITS | spawn sequence
  private byte[] profile;
  private long[] since; // when it started waiting in its class (ageing)
  // Spawned tasks only (index - n): parent; every task: outstanding children and the like.
  private int[] parent = new int[0];
  private int[] children;
  private byte[] deferred;
  private int[] childFailure;
  private int[] depth;

  private final LongHeap[] heaps;
  // The tasks ready at the start, sorted, per profile: taken by a cursor instead of heap pops, and
  // aged as one block (they all started waiting at time 0).
  private long[][] initial;
  private int[] cursor;
  private int initialBoosts;
  private final List<Set<String>> profiles = new ArrayList<>();
  private long[] agentMask = new long[8];
  private boolean[] agentLive = new boolean[8];
  private int agentSlots;
  private final int[] coverage = new int[MAX_PROFILES];
  private long orphanMask;
  private final AgingQueue[] aging;

  private final int[] waveRemaining;
  private final boolean[] waveStarted;
  private int currentWave;

  private int running;
  private int ready;
  private int terminal;
  private int criticalReady;
  private int criticalRunning;
  private boolean cancelling;
  private int[] work = new int[64]; // worklist of terminal transitions: task, outcome, cause
  private int workSize;

  /**
   * A dispatcher in its initial state: tasks without dependencies are ready.
   *
   * @param order the priority order, position to task (from {@link SchedulingPolicy})
   */
  public Dispatcher(TaskGraph graph, int[] order, Settings settings, Events events) {
    this.graph = Objects.requireNonNull(graph);
    this.n = graph.size();
    this.order = order;
    this.settings = Objects.requireNonNull(settings);
    this.events = events == null ? new Events() {} : events;
    if (order.length != n) {
      throw new IllegalArgumentException("priority order has " + order.length + " tasks, plan " + n);
    }
    this.size = n;
    int capacity = Math.max(n, 1);
    state = new byte[capacity];
    cls = new byte[capacity];
    outcome = new byte[capacity];
    critical = new boolean[capacity];
    pending = new int[capacity];
    doom = new int[capacity];
    key = new long[capacity];
    profile = new byte[capacity];
    children = new int[capacity];
    deferred = new byte[capacity];
    childFailure = new int[capacity];
    depth = new int[capacity];
    this.waves = WaveIndex.of(graph);
    this.waveRemaining = new int[waves.count()];
    this.waveStarted = new boolean[waves.count()];
    for (int w = 0; w < waves.count(); w++) {
      waveRemaining[w] = waves.size(w);
    }
    profiles.add(Set.of());
    boolean aged = settings.agingNanos() > 0;
    for (int pos = 0; pos < n; pos++) {
      int t = order[pos];
      key[t] = (long) pos << SEQ_BITS;
    }
    for (int t = 0; t < n; t++) {
      TaskSpec spec = graph.task(t);
      cls[t] = (byte) spec.priority().ordinal();
      critical[t] = spec.isCritical();
      pending[t] = graph.inDegree(t);
      profile[t] = (byte) profileOf(spec.tags());
      childFailure[t] = -1;
    }
    heaps = new LongHeap[MAX_PROFILES];
    aging = aged ? new AgingQueue[Priority.values().length] : null;
    if (aged) {
      for (int c = 0; c < aging.length; c++) {
        aging[c] = new AgingQueue();
      }
    }
    loadInitial();
  }

  private void loadInitial() {
    // Sources in priority order make a sorted array per profile, which is a heap as it is.
    int[] count = new int[profiles.size()];
    for (int t = 0; t < n; t++) {
      if (pending[t] == 0 && released(t)) {
        count[profile[t]]++;
      }
    }
    long[][] entries = new long[profiles.size()][];
    for (int p = 0; p < entries.length; p++) {
      entries[p] = new long[count[p]];
    }
    int[] fill = new int[profiles.size()];
    for (int pos = 0; pos < n; pos++) {
      int t = order[pos];
      if (pending[t] == 0) {
        if (released(t)) {
          entries[profile[t]][fill[profile[t]]++] = entry(t);
          markReadyUnaged(t);
        } else {
          state[t] = HELD;
        }
      }
    }
    initial = new long[MAX_PROFILES][];
    cursor = new int[MAX_PROFILES];
    for (int p = 0; p < entries.length; p++) {
      Arrays.sort(entries[p]); // classes may differ; positions are already in order
      initial[p] = entries[p];
      heaps[p] = new LongHeap(16);
    }
  }

  private boolean released(int t) {
    return !settings.barriers() || t >= n || waves.waveOf(t) <= currentWave;
  }

  private long entry(int t) {
    return ((long) cls[t] << CLASS_SHIFT) | key[t];
  }

  private int taskOf(long entry) {
    long seq = entry & SEQ_MASK;
    return seq == 0 ? order[(int) ((entry >>> SEQ_BITS) & POS_MASK)] : n + (int) seq - 1;
  }

  private void markReady(int t, long now) {
    markReadyUnaged(t);
    if (aging != null && cls[t] > HIGH) {
      aging[cls[t]].add(t, now);
    }
  }

  private void markReadyUnaged(int t) {
    state[t] = READY;
    ready++;
    events.ready(t);
    if (critical[t]) {
      criticalReady++;
    }
  }

  private void makeReady(int t, long now) {
    if (!released(t)) {
      state[t] = HELD;
      return;
    }
    markReady(t, now);
    heap(profile[t]).push(entry(t));
  }

  private LongHeap heap(int p) {
    LongHeap h = heaps[p];
    if (h == null) {
      h = heaps[p] = new LongHeap(16);
    }
    return h;
  }

  // ---------------------------------------------------------------- agents and skills

  private int profileOf(Set<String> tags) {
    if (tags.isEmpty()) {
      return 0;
    }
    int p = profiles.indexOf(tags);
    if (p >= 0) {
      return p;
    }
    if (profiles.size() == MAX_PROFILES - 1) {
      return 0; // too many distinct skill sets: the rest run on any agent
    }
    profiles.add(Set.copyOf(tags));
    p = profiles.size() - 1;
    for (int a = 0; a < agentSlots; a++) {
      if (agentLive[a] && covers(a, p)) {
        agentMask[a] |= 1L << p;
        coverage[p]++;
      }
    }
    updateOrphans();
    return p;
  }

  private boolean covers(int slot, int p) {
    return skillsOf[slot] != null && skillsOf[slot].containsAll(profiles.get(p));
  }

  private Set<String>[] skillsOf = newSkillArray(8);

  @SuppressWarnings("unchecked")
  private static Set<String>[] newSkillArray(int size) {
    return (Set<String>[]) new Set<?>[size];
  }

  /**
   * An agent joins: the tasks it may take are those without tags, those whose tags its skills
   * cover, and those no live agent covers (so that a skill nobody has never blocks a task).
   *
   * @return the agent's slot, passed to {@link #next}
   */
  public int join(Set<String> skills) {
    int slot = agentSlots++;
    if (slot == agentMask.length) {
      agentMask = Arrays.copyOf(agentMask, slot * 2);
      agentLive = Arrays.copyOf(agentLive, slot * 2);
      skillsOf = Arrays.copyOf(skillsOf, slot * 2);
    }
    skillsOf[slot] = Set.copyOf(skills);
    agentLive[slot] = true;
    long mask = 1L;
    for (int p = 1; p < profiles.size(); p++) {
      if (skillsOf[slot].containsAll(profiles.get(p))) {
        mask |= 1L << p;
        coverage[p]++;
      }
    }
    agentMask[slot] = mask;
    updateOrphans();
    return slot;
  }

  /** An agent leaves (retired or replaced). */
  public void leave(int slot) {
    if (!agentLive[slot]) {
      return;
    }
    agentLive[slot] = false;
    for (int p = 1; p < profiles.size(); p++) {
      if ((agentMask[slot] & (1L << p)) != 0) {
        coverage[p]--;
      }
    }
    updateOrphans();
  }

  private void updateOrphans() {
    long mask = 0;
    for (int p = 1; p < profiles.size(); p++) {
      if (coverage[p] == 0) {
        mask |= 1L << p;
      }
    }
    orphanMask = mask;
  }

  // ---------------------------------------------------------------- dispatch

  /**
   * The task the agent in {@code slot} should start now, already marked running, or {@link #NONE}.
   */
  public int next(long now, int slot) {
    if (running >= settings.concurrencyLimit() || criticalRunning > 0 || ready == 0) {
      return NONE;
    }
    if (criticalReady > 0 && running > 0) {
      return NONE; // a critical task waits for the others to drain, and nothing joins them
    }
    if (aging != null) {
      age(now);
    }
    long mask = agentMask[slot] | orphanMask;
    long best = Long.MAX_VALUE;
    int bestProfile = -1;
    boolean fromInitial = false;
    for (long m = mask; m != 0; m &= m - 1) {
      int p = Long.numberOfTrailingZeros(m);
      LongHeap h = heaps[p];
      if (h != null && !h.isEmpty()) {
        long top = clean(h);
        if (top < best) {
          best = top;
          bestProfile = p;
          fromInitial = false;
        }
      }
      long[] run = initial[p];
      if (run != null && cursor[p] < run.length) {
        long head = cleanInitial(p);
        if (head < best) {
          best = head;
          bestProfile = p;
          fromInitial = true;
        }
      }
    }
    if (bestProfile < 0) {
      return NONE;
    }
    int t = taskOf(best);
    if (criticalReady > 0 && !critical[t]) {
      return NONE; // the critical task is for another agent; keep the pool drained for it
    }
    if (fromInitial) {
      cursor[bestProfile]++;
    } else {
      heaps[bestProfile].pop();
    }
    state[t] = RUNNING;
    ready--;
    running++;
    if (critical[t]) {
      criticalReady--;
      criticalRunning++;
    }
    if (t < n) {
      int w = waves.waveOf(t);
      if (!waveStarted[w]) {
        waveStarted[w] = true;
        events.waveStarted(w);
      }
    }
    return t;
  }

  /** Whether the agent in {@code slot} may run task {@code t} (its skills, or nobody's). */
  public boolean mayRun(int slot, int t) {
    return ((agentMask[slot] | orphanMask) & (1L << profile[t])) != 0;
  }

  /**
   * Gives back a task {@link #next} returned that never started (the rest of a batch, when the run
   * pauses, is cancelled or loses the agent): it is ready again with its position in the order, so
   * the next {@link #next} calls return it as they would have, or CANCELLED if the run is being
   * cancelled.
   */
  public void unclaim(int t, long now) {
    if (state[t] != RUNNING) {
      throw new IllegalStateException("task #" + t + " is not running (state " + state[t] + ")");
    }
    leaveRunning(t);
    if (cancelling) {
      terminate(t, CANCELLED, -1, now);
    } else {
      makeReady(t, now);
    }
  }

  /** The top of a heap after dropping stale entries; Long.MAX_VALUE if none is left. */
  private long clean(LongHeap h) {
    while (!h.isEmpty()) {
      long top = h.peek();
      int t = taskOf(top);
      if (state[t] == READY && cls[t] == (int) (top >>> CLASS_SHIFT)) {
        return top;
      }
      h.pop();
    }
    return Long.MAX_VALUE;
  }

  /** The head of a profile's initial run after skipping stale entries; Long.MAX_VALUE if none. */
  private long cleanInitial(int p) {
    long[] run = initial[p];
    int k = cursor[p];
    while (k < run.length) {
      long head = run[k];
      int t = taskOf(head);
      if (state[t] == READY && cls[t] == (int) (head >>> CLASS_SHIFT)) {
        cursor[p] = k;
        return head;
      }
      k++;
    }
    cursor[p] = k;
    return Long.MAX_VALUE;
  }

  private void age(long now) {
    long interval = settings.agingNanos();
    // The initial tasks all started waiting at 0: boost those still waiting as one block, once;
    // later boosts go through the ageing queues like any other.
    if (initialBoosts == 0 && now >= interval) {
      initialBoosts = 1;
      for (int p = 0; p < MAX_PROFILES; p++) {
        long[] run = initial[p];
        for (int k = run == null ? 0 : cursor[p]; run != null && k < run.length; k++) {
          int t = taskOf(run[k]);
          if (state[t] == READY && cls[t] > HIGH && cls[t] == (int) (run[k] >>> CLASS_SHIFT)) {
            cls[t] = (byte) Priority.values()[cls[t]].boosted().ordinal();
            heap(profile[t]).push(entry(t));
            if (cls[t] > HIGH) {
              aging[cls[t]].add(t, interval);
            }
          }
        }
      }
    }
    for (int c = aging.length - 1; c > HIGH; c--) {
      AgingQueue q = aging[c];
      while (!q.isEmpty()) {
        int t = q.headTask();
        long waitingSince = q.headSince();
        if (state[t] != READY || cls[t] != c) {
          q.removeHead();
          continue;
        }
        if (now - waitingSince < interval) {
          break;
        }
        q.removeHead();
        byte boosted = (byte) Priority.values()[c].boosted().ordinal();
        cls[t] = boosted;
        heap(profile[t]).push(entry(t));
        if (boosted > HIGH) {
          aging[boosted].add(t, waitingSince + interval);
        }
      }
    }
  }

  /**
   * A running task's attempt ended for good. A task that spawned children still running finishes
   * when they have; then {@link Events#terminal} reports it.
   */
  public void finished(int t, byte result, long now) {
    if (state[t] != RUNNING) {
      throw new IllegalStateException("task #" + t + " is not running (state " + state[t] + ")");
    }
    leaveRunning(t);
    if (children[t] > 0) {
      state[t] = CHILDREN;
      deferred[t] = result;
      return;
    }
    // Every child may have ended before the parent's own work did: a failed one still fails it.
    if (result == SUCCEEDED && childFailure[t] >= 0) {
      terminate(t, FAILED, childFailure[t], now);
      return;
    }
    terminate(t, result, -1, now);
  }

  /** A running task's attempt failed and it will be tried again: it waits without an agent. */
  public void retrying(int t) {
    if (state[t] != RUNNING) {
      throw new IllegalStateException("task #" + t + " is not running");
    }
    leaveRunning(t);
    state[t] = RETRY_WAIT;
  }

  /** A task whose retry delay is over is ready again (unless the run is being cancelled). */
  public void requeue(int t, long now) {
    if (state[t] != RETRY_WAIT) {
      return;
    }
    makeReady(t, now);
  }

  private void leaveRunning(int t) {
    running--;
    if (critical[t]) {
      criticalRunning--;
    }
  }

  /**
   * Adds a task spawned by a running task: ready at once, with the parent's priority position, and
   * the parent finishes only after it.
   *
   * @return the new task's index
   */
  public int spawn(int parentTask, TaskSpec child, long now) {
    if (state[parentTask] != RUNNING) {
      throw new IllegalStateException("task #" + parentTask + " is not running");
    }
    int t = size++;
    if (t == state.length) {
      grow(t * 2);
    }
    int seq = t - n + 1;
    if (seq > SEQ_MASK) {
      throw new IllegalStateException("too many spawned tasks: " + seq);
    }
    if (parent.length <= t - n) {
      parent = Arrays.copyOf(parent, Math.max(16, (t - n + 1) * 2));
    }
    parent[t - n] = parentTask;
    state[t] = WAITING;
    // A child is as urgent as the more urgent of itself and its parent, but never CRITICAL
    // unless marked so itself.
    cls[t] = (byte) Math.min(child.priority().ordinal(), Math.max(cls[parentTask], HIGH));
    critical[t] = child.isCritical();
    key[t] = (key[parentTask] & ~SEQ_MASK) | seq;
    profile[t] = (byte) profileOf(child.tags());
    childFailure[t] = -1;
    depth[t] = depth[parentTask] + 1;
    children[parentTask]++;
    makeReady(t, now);
    return t;
  }

  private void grow(int capacity) {
    state = Arrays.copyOf(state, capacity);
    cls = Arrays.copyOf(cls, capacity);
    outcome = Arrays.copyOf(outcome, capacity);
    critical = Arrays.copyOf(critical, capacity);
    pending = Arrays.copyOf(pending, capacity);
    doom = Arrays.copyOf(doom, capacity);
    key = Arrays.copyOf(key, capacity);
    profile = Arrays.copyOf(profile, capacity);
    children = Arrays.copyOf(children, capacity);
    deferred = Arrays.copyOf(deferred, capacity);
    childFailure = Arrays.copyOf(childFailure, capacity);
    depth = Arrays.copyOf(depth, capacity);
  }

  /**
   * Stops the run: every task that has not started (waiting, ready, held, waiting out a retry)
   * becomes CANCELLED; running tasks finish through {@link #finished} as usual.
   */
  public void cancelRemaining(long now) {
    cancelling = true;
    for (int t = 0; t < size; t++) {
      byte s = state[t];
      if (s == WAITING || s == READY || s == HELD || s == RETRY_WAIT) {
        if (s == READY) {
          ready--;
          if (critical[t]) {
            criticalReady--;
          }
        }
        state[t] = RUNNING; // claimed by the worklist
        terminate(t, CANCELLED, -1, now);
      }
    }
    for (LongHeap h : heaps) {
      if (h != null) {
        h.clear();
      }
    }
    Arrays.fill(initial, null);
  }

  /**
   * A task that succeeded in an earlier run of the same plan (restored from a run journal): it ends
   * SUCCEEDED without running and releases its dependents as if it had just succeeded. Call before
   * the task could have been handed out, that is before the first {@link #next}.
   *
   * @throws IllegalStateException if the task has started or ended
   */
  public void restore(int t, long now) {
    byte s = state[t];
    if (s != WAITING && s != READY && s != HELD) {
      throw new IllegalStateException("task #" + t + " cannot be restored in state " + s);
    }
    if (s == READY) {
      ready--; // its queue entry goes stale and is dropped lazily
      if (critical[t]) {
        criticalReady--;
      }
    }
    state[t] = RUNNING; // claimed by the worklist
    terminate(t, SUCCEEDED, -1, now);
  }

  /**
   * A task waiting out a retry delay ends for good, without another attempt (its group was paused
   * and never resumed, say): its dependents are released or skipped as for any terminal outcome.
   *
   * @throws IllegalStateException if the task is not waiting to retry
   */
  public void endWaiting(int t, byte result, long now) {
    if (state[t] != RETRY_WAIT) {
      throw new IllegalStateException("task #" + t + " is not waiting to retry");
    }
    state[t] = RUNNING; // claimed by the worklist
    terminate(t, result, -1, now);
  }

  /** Whether the run is being cancelled. */
  public boolean isCancelling() {
    return cancelling;
  }

  private void terminate(int task, byte result, int cause, long now) {
    push(task, result, cause);
    while (workSize > 0) {
      workSize -= 3;
      int t = work[workSize];
      byte out = (byte) work[workSize + 1];
      int why = work[workSize + 2];
      state[t] = DONE;
      outcome[t] = out;
      terminal++;
      events.terminal(t, out, why);
      if (t < n) {
        int w = waves.waveOf(t);
        if (--waveRemaining[w] == 0) {
          if (waveStarted[w]) {
            events.waveFinished(w);
          }
          if (settings.barriers() && w == currentWave) {
            advanceWave(now);
          }
        }
        releaseSuccessors(t, out, now);
      } else {
        int p = parent[t - n];
        children[p]--;
        if (out != SUCCEEDED && childFailure[p] < 0) {
          childFailure[p] = t;
        }
        if (children[p] == 0 && state[p] == CHILDREN) {
          state[p] = RUNNING; // leaves CHILDREN exactly once
          boolean failed = childFailure[p] >= 0 && deferred[p] == SUCCEEDED;
          push(p, cancelling ? CANCELLED : failed ? FAILED : deferred[p],
              failed ? childFailure[p] : -1);
        }
      }
    }
  }

  private void releaseSuccessors(int t, byte out, long now) {
    boolean success = out == SUCCEEDED;
    for (int e = graph.successorStart(t), end = graph.successorEnd(t); e < end; e++) {
      int s = graph.successor(e);
      if (!success && doom[s] == 0 && graph.successorKind(e) != DependencyKind.SOFT) {
        doom[s] = t + 1;
      }
      pending[s]--;
      if (state[s] == WAITING) {
        if (doom[s] != 0) {
          state[s] = RUNNING; // claimed by the worklist
          push(s, cancelling ? CANCELLED : SKIPPED, doom[s] - 1);
        } else if (pending[s] == 0) {
          makeReady(s, now);
        }
      }
    }
  }

  private void advanceWave(long now) {
    while (currentWave < waves.count() && waveRemaining[currentWave] == 0) {
      currentWave++;
      if (currentWave < waves.count()) {
        for (int k = 0, size = waves.size(currentWave); k < size; k++) {
          int t = waves.task(currentWave, k);
          if (state[t] == HELD) {
            markReady(t, now);
            heap(profile[t]).push(entry(t));
          }
        }
      }
    }
  }

  private void push(int t, byte result, int cause) {
    if (workSize + 3 > work.length) {
      work = Arrays.copyOf(work, work.length * 2);
    }
    work[workSize++] = t;
    work[workSize++] = result;
    work[workSize++] = cause;
  }

  // ---------------------------------------------------------------- queries

  /** Tasks so far, spawned ones included. */
  public int size() {
    return size;
  }

  /** Tasks of the plan. */
  public int planSize() {
    return n;
  }

  public int running() {
    return running;
  }

  /** Ready tasks (including ones only a critical task's drain holds back). */
  public int ready() {
    return ready;
  }

  /** Tasks in a terminal state. */
  public int terminalCount() {
    return terminal;
  }

  /** Whether every task, spawned ones included, is in a terminal state. */
  public boolean isDone() {
    return terminal == size;
  }

  /** The terminal outcome of a task, or 0 while it has none. */
  public byte outcome(int t) {
    return outcome[t];
  }

  /** Whether a task is running (handed to an agent and not ended). */
  public boolean isRunning(int t) {
    return state[t] == RUNNING;
  }

  /** Whether a task is waiting out a retry delay. */
  public boolean isWaitingToRetry(int t) {
    return state[t] == RETRY_WAIT;
  }

  /** How deep a task is in a spawn hierarchy: 0 for plan tasks. */
  public int depth(int t) {
    return depth[t];
  }

  /** The parent of a spawned task, or -1 for a plan task. */
  public int parentOf(int t) {
    return t < n ? -1 : parent[t - n];
  }

  public WaveIndex waves() {
    return waves;
  }

  /** The wave a plan task belongs to, -1 for a spawned task. */
  public int waveOf(int t) {
    return t < n ? waves.waveOf(t) : -1;
  }
}
