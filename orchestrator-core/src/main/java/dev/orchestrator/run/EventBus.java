package dev.orchestrator.run;

import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.RunListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a run's events to its listeners on one dispatcher thread, so that agents only append to a
 * queue and never wait for a listener. The queue is bounded: past half full, progress events are
 * dropped; when full, any event but the run's last. Drops are counted and reported. See {@link
 * RunListener} for the contract as users read it.
 *
 * <p>A listener that throws is logged at WARN with its stack trace the first time, at DEBUG after
 * that, with a WARN summary of how often it threw when the run ends; it keeps receiving events.
 */
final class EventBus {

  private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

  /** How long the end of a run waits for its listeners to take the last event. */
  static final Duration LISTENER_GRACE = Duration.ofSeconds(60);

  private final String runId;
  private final List<RunListener> listeners;
  private final long[] failures;
  private final int capacity;
  private final ConcurrentLinkedQueue<RunEvent> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final CompletableFuture<Void> delivered = new CompletableFuture<>();
  private final Thread thread;
  private volatile boolean waiting;
  private volatile boolean closed;

  EventBus(String runId, List<RunListener> listeners, int capacity) {
    this.runId = runId;
    this.listeners = List.copyOf(listeners);
    this.failures = new long[this.listeners.size()];
    this.capacity = capacity;
    this.thread = Thread.ofVirtual().name("orchestrator-events-" + runId).unstarted(this::loop);
    thread.start();
  }

  /** Queues an event; never blocks. */
  void post(RunEvent event) {
    int now = size.get();
    boolean last = event instanceof RunEvent.RunFinished;
    if (!last && (now >= capacity || (now >= capacity / 2 && event instanceof RunEvent.TaskProgress))) {
      dropped.incrementAndGet();
      return;
    }
    size.incrementAndGet();
    queue.add(event);
    if (waiting) {
      waiting = false;
      LockSupport.unpark(thread);
    }
    if (last) {
      closed = true;
    }
  }

  long dropped() {
    return dropped.get();
  }

  /** Completes once every listener has returned from the run's last event. */
  CompletableFuture<Void> delivered() {
    return delivered;
  }

  private void loop() {
    try {
      while (true) {
        RunEvent event = queue.poll();
        if (event == null) {
          if (closed && queue.isEmpty()) {
            return;
          }
          waiting = true;
          if (queue.isEmpty() && !closed) {
            LockSupport.park(this);
          }
          waiting = false;
          continue;
        }
        size.decrementAndGet();
        boolean last = event instanceof RunEvent.RunFinished;
        for (int i = 0; i < listeners.size(); i++) {
          deliver(i, event);
        }
        if (last) {
          return;
        }
      }
    } finally {
      summarizeFailures();
      delivered.complete(null);
    }
  }

  private void deliver(int i, RunEvent event) {
    RunListener listener = listeners.get(i);
    try {
      listener.onEvent(event);
    } catch (Throwable e) {
      if (failures[i]++ == 0) {
        LOG.warn("{}: listener {} threw on {}; ignored (later failures of this listener are logged"
            + " at DEBUG)", runId, listener, event.getClass().getSimpleName(), e);
      } else {
        LOG.debug("{}: listener {} threw on {}; ignored", runId, listener,
            event.getClass().getSimpleName(), e);
      }
    }
  }

  private void summarizeFailures() {
    for (int i = 0; i < listeners.size(); i++) {
      if (failures[i] > 1) {
        LOG.warn("{}: listener {} threw on {} events in all; each was ignored", runId,
            listeners.get(i), failures[i]);
      }
    }
  }
}
