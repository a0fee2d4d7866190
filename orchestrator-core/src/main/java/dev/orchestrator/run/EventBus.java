package dev.orchestrator.run;

import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.RunListener;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a run's events to its listeners on one dispatcher thread, so that agents only append to a
 * queue. The queue is bounded: past half full, progress events are dropped; when full, any event
 * but the run's last. Drops are counted and reported.
 */
final class EventBus {

  private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

  private final List<RunListener> listeners;
  private final int capacity;
  private final ConcurrentLinkedQueue<RunEvent> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;
  private volatile boolean waiting;
  private volatile boolean closed;

  EventBus(String runId, List<RunListener> listeners, int capacity) {
    this.listeners = List.copyOf(listeners);
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

  /** Waits until every queued event was delivered (bounded by {@code timeoutNanos}). */
  void awaitDrained(long timeoutNanos) throws InterruptedException {
    thread.join(java.time.Duration.ofNanos(Math.max(1, timeoutNanos)));
  }

  private void loop() {
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
      for (RunListener listener : listeners) {
        try {
          listener.onEvent(event);
        } catch (Throwable e) {
          LOG.warn("listener {} threw on {}; ignored", listener, event.getClass().getSimpleName(), e);
        }
      }
      if (event instanceof RunEvent.RunFinished) {
        return;
      }
    }
  }
}
