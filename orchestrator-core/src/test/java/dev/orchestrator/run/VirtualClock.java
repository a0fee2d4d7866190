package dev.orchestrator.run;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An {@link EngineClock} for tests: time stands still until the test {@link #advance}s it, and the
 * timers it passes fire then, in due order, on the test's thread, each with the clock set to its
 * due time. A timeout of an hour elapses at once; nothing waits for real time.
 *
 * <p>Timers the run sets (retries, timeouts, stall scans, grace periods) are counted by {@link
 * #pending()}; the shared scheduler's (the resource monitor's ticks, the listener grace) are not,
 * so that a test can wait for the run to have set the timer it is about to pass.
 */
final class VirtualClock implements EngineClock {

  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final ReentrantLock lock = new ReentrantLock();
  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
  private final Owner shared = new Owner(false);
  private volatile long now;
  private long seq;

  /** Starts a run on this clock. */
  Run start(dev.orchestrator.plan.Plan plan, RunOptions options) {
    return Engine.start(plan, options, this);
  }

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public Instant instant() {
    return EPOCH.plusNanos(now);
  }

  @Override
  public Scheduler newScheduler(String name) {
    return new Owner(true);
  }

  @Override
  public Scheduler sharedScheduler() {
    return shared;
  }

  /** The time since the clock was made. */
  Duration elapsed() {
    return Duration.ofNanos(now);
  }

  /** How many timers runs have set that are still to fire. */
  int pending() {
    lock.lock();
    try {
      int count = 0;
      for (Entry e : queue) {
        if (e.owner.counted && !e.cancelled && !e.owner.shut) {
          count++;
        }
      }
      return count;
    } finally {
      lock.unlock();
    }
  }

  /** Waits (bounded, without sleeping) until runs have set at least {@code count} timers. */
  VirtualClock awaitPending(int count) {
    Runs.until(() -> pending() >= count, count + " timer(s) set");
    return this;
  }

  /**
   * Moves the clock on by {@code step}, firing every timer due by then, including those the fired
   * ones set within the step.
   */
  void advance(Duration step) {
    long target = now + step.toNanos();
    while (true) {
      Entry next;
      lock.lock();
      try {
        next = queue.peek();
        if (next == null || next.due > target) {
          now = target;
          return;
        }
        queue.poll();
        now = Math.max(now, next.due);
      } finally {
        lock.unlock();
      }
      if (!next.cancelled && !next.owner.shut) {
        next.action.run();
      }
    }
  }

  private static final class Entry implements Scheduler.Timer {
    final long due;
    final long seq;
    final Runnable action;
    final Owner owner;
    volatile boolean cancelled;

    Entry(long due, long seq, Runnable action, Owner owner) {
      this.due = due;
      this.seq = seq;
      this.action = action;
      this.owner = owner;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  /** One scheduler on this clock: a run's own, or the shared one. */
  private final class Owner implements Scheduler {
    final boolean counted;
    volatile boolean shut;

    Owner(boolean counted) {
      this.counted = counted;
    }

    @Override
    public Timer schedule(Runnable action, long delayNanos) {
      lock.lock();
      try {
        Entry entry = new Entry(now + delayNanos, seq++, action, this);
        if (!shut) {
          queue.add(entry);
        }
        return entry;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void shutdown() {
      shut = true;
    }
  }
}
