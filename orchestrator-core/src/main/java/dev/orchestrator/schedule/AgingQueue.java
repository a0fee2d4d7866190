package dev.orchestrator.schedule;

import java.util.Arrays;

/**
 * The tasks of one priority class in the order they started waiting: a growable ring of (task,
 * since) pairs. Ageing looks only at its head, so each ready task costs O(1) to age.
 */
final class AgingQueue {

  private int[] tasks = new int[16];
  private long[] since = new long[16];
  private int head;
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  void add(int task, long waitingSince) {
    if (size == tasks.length) {
      int[] t = new int[size * 2];
      long[] s = new long[size * 2];
      for (int k = 0; k < size; k++) {
        t[k] = tasks[(head + k) % tasks.length];
        s[k] = since[(head + k) % tasks.length];
      }
      tasks = t;
      since = s;
      head = 0;
    }
    int slot = (head + size) % tasks.length;
    tasks[slot] = task;
    since[slot] = waitingSince;
    size++;
  }

  int headTask() {
    return tasks[head];
  }

  long headSince() {
    return since[head];
  }

  void removeHead() {
    head = (head + 1) % tasks.length;
    size--;
  }

  void clear() {
    Arrays.fill(tasks, 0);
    head = 0;
    size = 0;
  }
}
