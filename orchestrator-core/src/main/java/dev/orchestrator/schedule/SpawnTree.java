package dev.orchestrator.schedule;

import java.util.Arrays;

/**
 * Tasks spawned at run time and their parents: a parent ends when its own work and all its
 * children have ended; a child that did not succeed fails a parent whose own work succeeded. Plan
 * tasks are 0 .. n-1; spawned ones follow.
 */
final class SpawnTree {

  private final int n;
  private int[] parent = new int[0]; // spawned tasks only, by index - n
  private int[] children;
  private byte[] deferred; // a parent's own outcome while its children run
  private int[] childFailure;
  private int[] depth;

  SpawnTree(int n, int capacity) {
    this.n = n;
    children = new int[capacity];
    deferred = new byte[capacity];
    childFailure = new int[capacity];
    Arrays.fill(childFailure, -1);
    depth = new int[capacity];
  }

  void grow(int capacity) {
    int old = children.length;
    children = Arrays.copyOf(children, capacity);
    deferred = Arrays.copyOf(deferred, capacity);
    childFailure = Arrays.copyOf(childFailure, capacity);
    Arrays.fill(childFailure, old, capacity, -1);
    depth = Arrays.copyOf(depth, capacity);
  }

  /** Task {@code t} is a new child of {@code parentTask}. */
  void add(int parentTask, int t) {
    if (parent.length <= t - n) {
      parent = Arrays.copyOf(parent, Math.max(16, (t - n + 1) * 2));
    }
    parent[t - n] = parentTask;
    depth[t] = depth[parentTask] + 1;
    children[parentTask]++;
  }

  /** Whether a task has children that have not ended. */
  boolean hasRunningChildren(int t) {
    return children[t] > 0;
  }

  /** A parent's own work ended with {@code result} while its children run. */
  void defer(int t, byte result) {
    deferred[t] = result;
  }

  /** The first child of {@code t} that did not succeed, or -1. */
  int childFailure(int t) {
    return childFailure[t];
  }

  /**
   * A spawned task ended.
   *
   * @return its parent if that was its last running child, else -1
   */
  int childEnded(int child, byte outcome) {
    int p = parent[child - n];
    children[p]--;
    if (outcome != TaskStates.SUCCEEDED && childFailure[p] < 0) {
      childFailure[p] = child;
    }
    return children[p] == 0 ? p : -1;
  }

  /** The outcome of a parent whose children have all ended. */
  byte outcomeOf(int p, boolean cancelling) {
    if (cancelling) {
      return TaskStates.CANCELLED;
    }
    return failedByChild(p) ? TaskStates.FAILED : deferred[p];
  }

  /** Whether a parent whose own work succeeded fails because a child did not succeed. */
  boolean failedByChild(int p) {
    return childFailure[p] >= 0 && deferred[p] == TaskStates.SUCCEEDED;
  }

  int depth(int t) {
    return depth[t];
  }

  /** The parent of a spawned task, or -1 for a plan task. */
  int parentOf(int t) {
    return t < n ? -1 : parent[t - n];
  }
}
