package dev.orchestrator.schedule;

import dev.orchestrator.task.Priority;

/**
 * Ageing: a ready task waiting one interval in its class moves up one class (never to CRITICAL),
 * so that low-priority work is not starved. One queue per class in the order tasks started
 * waiting; only their heads are looked at, so each ready task costs O(1) to age. The tasks ready at
 * the start all started waiting at 0 and are boosted as one block, once.
 */
final class Ageing {

  private static final int HIGH = Priority.HIGH.ordinal();
  private static final Priority[] PRIORITIES = Priority.values();

  private final long interval;
  private final TaskTable tasks;
  private final ReadyQueue queue;
  private final AgingQueue[] queues = new AgingQueue[PRIORITIES.length];
  private boolean initialBoosted;

  private Ageing(long interval, TaskTable tasks, ReadyQueue queue) {
    this.interval = interval;
    this.tasks = tasks;
    this.queue = queue;
    for (int c = 0; c < queues.length; c++) {
      queues[c] = new AgingQueue();
    }
  }

  /** Ageing every {@code interval} nanoseconds, or null for none (an interval of 0). */
  static Ageing every(long interval, TaskTable tasks, ReadyQueue queue) {
    return interval > 0 ? new Ageing(interval, tasks, queue) : null;
  }

  /** A task became ready (not at the start) at {@code now}: it starts waiting in its class. */
  void waiting(int t, long now) {
    if (tasks.cls[t] > HIGH) {
      queues[tasks.cls[t]].add(t, now);
    }
  }

  /** Boosts every ready task that has waited an interval in its class by {@code now}. */
  void age(long now) {
    if (!initialBoosted && now >= interval) {
      initialBoosted = true;
      queue.forEachInitial(t -> {
        if (tasks.cls[t] > HIGH) {
          boost(t, 0);
        }
      });
    }
    for (int c = queues.length - 1; c > HIGH; c--) {
      AgingQueue q = queues[c];
      while (!q.isEmpty()) {
        int t = q.headTask();
        long since = q.headSince();
        if (tasks.state[t] != TaskStates.READY || tasks.cls[t] != c) {
          q.removeHead();
          continue;
        }
        if (now - since < interval) {
          break;
        }
        q.removeHead();
        boost(t, since);
      }
    }
  }

  /** Moves a ready task that has waited since {@code since} up one class. */
  private void boost(int t, long since) {
    byte boosted = (byte) PRIORITIES[tasks.cls[t]].boosted().ordinal();
    tasks.cls[t] = boosted;
    queue.push(t);
    if (boosted > HIGH) {
      queues[boosted].add(t, since + interval);
    }
  }
}
