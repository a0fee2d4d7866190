package dev.orchestrator.schedule;

import java.util.Arrays;

/**
 * The per-task columns the dispatcher's parts share, plan tasks first, then spawned ones (the
 * arrays grow). Every state change goes through {@link #move}, which checks it against {@link
 * TaskStates}' table.
 */
final class TaskTable {

  int size;
  byte[] state;
  /** The priority class (Priority ordinal; ageing lowers it). */
  byte[] cls;
  boolean[] critical;
  /** Dependencies not yet finished. */
  int[] pending;
  /** 1 + the task that dooms it to be skipped, or 0. */
  int[] doom;
  /** Position in the priority order {@code << SEQ_BITS |} spawn sequence. */
  long[] key;
  /** The skill profile. */
  byte[] profile;

  TaskTable(int size) {
    this.size = size;
    int capacity = Math.max(size, 1);
    state = new byte[capacity];
    cls = new byte[capacity];
    critical = new boolean[capacity];
    pending = new int[capacity];
    doom = new int[capacity];
    key = new long[capacity];
    profile = new byte[capacity];
  }

  int capacity() {
    return state.length;
  }

  void grow(int capacity) {
    state = Arrays.copyOf(state, capacity);
    cls = Arrays.copyOf(cls, capacity);
    critical = Arrays.copyOf(critical, capacity);
    pending = Arrays.copyOf(pending, capacity);
    doom = Arrays.copyOf(doom, capacity);
    key = Arrays.copyOf(key, capacity);
    profile = Arrays.copyOf(profile, capacity);
  }

  /** Moves a task to another state, failing on a transition the table does not allow. */
  void move(int t, byte to) {
    byte from = state[t];
    if (!TaskStates.isLegal(from, to)) {
      throw TaskStates.illegal(t, from, to);
    }
    state[t] = to;
  }
}
