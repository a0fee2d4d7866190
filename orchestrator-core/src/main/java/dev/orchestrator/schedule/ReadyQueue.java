package dev.orchestrator.schedule;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The ready tasks, one queue per skill profile, each entry one {@code long}: {@code class |
 * position in the priority order | spawn sequence}, so that the smallest entry is the task to run
 * next. Entries go stale instead of being removed (a task that leaves READY, or whose class ageing
 * changed, keeps its old entry) and are dropped when they reach the top. The tasks ready at the
 * start sit in a sorted array per profile read by a cursor, which costs no heap operations.
 */
final class ReadyQueue {

  static final int MAX_PROFILES = 64;
  static final int SEQ_BITS = 30;
  static final long SEQ_MASK = (1L << SEQ_BITS) - 1;
  private static final int POS_BITS = 31;
  private static final long POS_MASK = (1L << POS_BITS) - 1;
  private static final int CLASS_SHIFT = SEQ_BITS + POS_BITS;

  private final TaskTable tasks;
  private final int[] order;
  private final int n;
  private final LongHeap[] heaps = new LongHeap[MAX_PROFILES];
  private final long[][] initial = new long[MAX_PROFILES][];
  private final int[] cursor = new int[MAX_PROFILES];
  // Where the last peek found its task, for take().
  private int peekedProfile;
  private boolean peekedInitial;

  ReadyQueue(TaskTable tasks, int[] order, int n) {
    this.tasks = tasks;
    this.order = order;
    this.n = n;
  }

  /** The key of a plan task at position {@code pos} of the priority order. */
  static long planKey(int pos) {
    return (long) pos << SEQ_BITS;
  }

  /** The key of a spawned task: its root's position, then its spawn sequence (from 1). */
  static long spawnKey(long parentKey, int seq) {
    if (seq > SEQ_MASK) {
      throw new IllegalStateException("too many spawned tasks: " + seq);
    }
    return (parentKey & ~SEQ_MASK) | seq;
  }

  private long entry(int t) {
    return ((long) tasks.cls[t] << CLASS_SHIFT) | tasks.key[t];
  }

  private int taskOf(long entry) {
    long seq = entry & SEQ_MASK;
    return seq == 0 ? order[(int) ((entry >>> SEQ_BITS) & POS_MASK)] : n + (int) seq - 1;
  }

  /** Whether an entry is current: its task is READY in the entry's class. */
  private boolean current(long entry, int t) {
    return tasks.state[t] == TaskStates.READY && tasks.cls[t] == (int) (entry >>> CLASS_SHIFT);
  }

  /**
   * Loads the tasks ready at the start, given in priority order per profile.
   *
   * @param byProfile the ready tasks of each profile, in priority order
   */
  void loadInitial(int[][] byProfile) {
    for (int p = 0; p < byProfile.length; p++) {
      long[] entries = new long[byProfile[p].length];
      for (int k = 0; k < entries.length; k++) {
        entries[k] = entry(byProfile[p][k]);
      }
      Arrays.sort(entries); // classes may differ; positions are already in order
      initial[p] = entries;
      heaps[p] = new LongHeap(16);
    }
  }

  /** Adds a READY task (again, after a class change). */
  void push(int t) {
    int p = tasks.profile[t];
    LongHeap h = heaps[p];
    if (h == null) {
      h = heaps[p] = new LongHeap(16);
    }
    h.push(entry(t));
  }

  /**
   * The next task for an agent that serves the profiles of {@code mask}, or -1; {@link #take}
   * then removes it.
   */
  int peek(long mask) {
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
      return -1;
    }
    peekedProfile = bestProfile;
    peekedInitial = fromInitial;
    return taskOf(best);
  }

  /** Removes the task the last {@link #peek} returned. */
  void take() {
    if (peekedInitial) {
      cursor[peekedProfile]++;
    } else {
      heaps[peekedProfile].pop();
    }
  }

  /** The top of a heap after dropping stale entries; Long.MAX_VALUE if none is left. */
  private long clean(LongHeap h) {
    while (!h.isEmpty()) {
      long top = h.peek();
      if (current(top, taskOf(top))) {
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
      if (current(head, taskOf(head))) {
        cursor[p] = k;
        return head;
      }
      k++;
    }
    cursor[p] = k;
    return Long.MAX_VALUE;
  }

  /** Visits the tasks of the initial runs whose entries are still current (not yet taken). */
  void forEachInitial(IntConsumer visitor) {
    for (int p = 0; p < MAX_PROFILES; p++) {
      long[] run = initial[p];
      for (int k = run == null ? 0 : cursor[p]; run != null && k < run.length; k++) {
        int t = taskOf(run[k]);
        if (current(run[k], t)) {
          visitor.accept(t);
        }
      }
    }
  }

  /** Empties every queue (the run is being cancelled). */
  void clear() {
    for (LongHeap h : heaps) {
      if (h != null) {
        h.clear();
      }
    }
    Arrays.fill(initial, null);
  }
}
