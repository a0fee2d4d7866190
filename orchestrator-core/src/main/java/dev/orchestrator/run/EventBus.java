package dev.orchestrator.run;

import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.RunListener;
import dev.orchestrator.observe.TaskState;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a run's events to its listeners on one event thread (virtual), so that agents only write
 * an event into a ring buffer and never wait for a listener. See {@link RunListener} for the
 * contract as users read it.
 *
 * <p>Why it is cheap on the agents' side, which matters when tasks take microseconds: events are
 * written while the run's lock is held (every state change happens under it; {@link #post} takes
 * it for the few events made elsewhere), so the ring has one producer at a time and a post is a
 * few plain array stores and one release store of the tail — no allocation, no CAS, no clock read
 * for the two events every task makes ({@link #taskStarted}, {@link #taskFinished}): they are kept
 * as primitives and made into {@link RunEvent} objects by the event thread, with their time
 * computed from the run's start and the nanosecond offset. The event thread drains the ring in
 * batches and, when it is empty, parks for a while that grows from 50 µs to 1 ms; only once it has
 * been idle that long does it ask to be woken (and then sleeps 20 ms at most), and only then does
 * a post unpark it.
 *
 * <p>Bounded: past half the configured capacity, progress events are dropped; at the capacity,
 * every event but {@link RunEvent.RunFinished}, for which a slot is always kept. Drops are counted.
 * A listener that throws is logged at WARN with its stack trace the first time, at DEBUG after
 * that, with a WARN summary at the end of the run; it keeps receiving events.
 */
final class EventBus {

  private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

  /** How long the end of a run waits for its listeners to take the last event. */
  static final Duration LISTENER_GRACE = Duration.ofSeconds(60);

  private static final long MIN_IDLE_PARK = TimeUnit.MICROSECONDS.toNanos(50);
  private static final long MAX_IDLE_PARK = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long SLEEP = TimeUnit.MILLISECONDS.toNanos(20);

  private static final byte OBJECT = 0;
  private static final byte STARTED = 1;
  private static final byte FINISHED = 2;
  private static final TaskState[] STATES = TaskState.values();

  private static final VarHandle TAIL;
  private static final VarHandle HEAD;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      TAIL = lookup.findVarHandle(EventBus.class, "tail", long.class);
      HEAD = lookup.findVarHandle(EventBus.class, "head", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String runId;
  private final Instant start;
  private final ReentrantLock runLock;
  private final List<RunListener> listeners;
  private final boolean[] everyTask;
  private final boolean anyEveryTask;
  private final long[] failures;
  private final int capacity;
  private final int mask;
  // The ring: slot i holds kind, attempt/state, time, duration and up to three references.
  private final byte[] kind;
  private final int[] number;
  private final long[] nanos;
  private final long[] duration;
  private final Object[] a;
  private final Object[] b;
  private final Object[] c;
  @SuppressWarnings("unused") // through TAIL: written by the producer holding the run lock
  private volatile long tail;
  @SuppressWarnings("unused") // through HEAD: written by the event thread
  private volatile long head;
  private long headSeen; // the producer's last read of head
  private long dropped; // written under the run lock
  private volatile long droppedTotal;
  private volatile boolean sleeping;
  private final CompletableFuture<Void> delivered = new CompletableFuture<>();
  private final Thread thread;

  /**
   * @param start when the run started: an event's time is this plus its nanosecond offset
   * @param runLock the run's lock, held by every producer
   */
  EventBus(String runId, Instant start, ReentrantLock runLock, List<RunListener> listeners,
      int capacity) {
    this.runId = runId;
    this.start = start;
    this.runLock = runLock;
    this.listeners = List.copyOf(listeners);
    this.everyTask = new boolean[this.listeners.size()];
    boolean any = false;
    for (int k = 0; k < everyTask.length; k++) {
      everyTask[k] = this.listeners.get(k).receivesEveryTask();
      any |= everyTask[k];
    }
    this.anyEveryTask = any;
    this.failures = new long[this.listeners.size()];
    this.capacity = capacity;
    int size = Integer.highestOneBit(capacity) << 1; // > capacity: a slot kept for RunFinished
    this.mask = size - 1;
    this.kind = new byte[size];
    this.number = new int[size];
    this.nanos = new long[size];
    this.duration = new long[size];
    this.a = new Object[size];
    this.b = new Object[size];
    this.c = new Object[size];
    this.thread = Thread.ofVirtual().name("orchestrator-events-" + runId).unstarted(this::loop);
    thread.start();
  }

  // ------------------------------------------------------------------ producers

  /** Queues an event made elsewhere; takes the run's lock if the caller does not hold it. */
  void post(RunEvent event) {
    boolean locked = !runLock.isHeldByCurrentThread();
    if (locked) {
      runLock.lock();
    }
    try {
      long t = slot(event instanceof RunEvent.TaskProgress, event instanceof RunEvent.RunFinished);
      if (t >= 0) {
        int i = (int) t & mask;
        kind[i] = OBJECT;
        a[i] = event;
        publish(t);
      }
    } finally {
      if (locked) {
        runLock.unlock();
      }
    }
  }

  /** An attempt started; called with the run's lock held. */
  void taskStarted(String taskId, int attempt, String agent, long atNanos) {
    long t = slot(false, false);
    if (t >= 0) {
      int i = (int) t & mask;
      kind[i] = STARTED;
      number[i] = attempt;
      nanos[i] = atNanos;
      a[i] = taskId;
      b[i] = agent;
      publish(t);
    }
  }

  /**
   * A task reached its terminal state without artifacts or criteria (the event for one with them
   * is made by the caller and {@link #post}ed); called with the run's lock held.
   *
   * @param agent its last attempt's agent, or null
   * @param cause why, or null
   */
  void taskFinished(String taskId, TaskState state, int attempts, long tookNanos, String agent,
      String cause, long atNanos) {
    long t = slot(false, false);
    if (t >= 0) {
      int i = (int) t & mask;
      kind[i] = FINISHED;
      number[i] = attempts << 3 | state.ordinal();
      nanos[i] = atNanos;
      duration[i] = tookNanos;
      a[i] = taskId;
      b[i] = agent;
      c[i] = cause;
      publish(t);
    }
  }

  /** The next free position, or -1 if the event is dropped. */
  private long slot(boolean progress, boolean last) {
    long t = (long) TAIL.getOpaque(this);
    long used = t - headSeen;
    long limit = last ? capacity + 1 : progress ? capacity / 2 : capacity;
    if (used >= limit) {
      headSeen = (long) HEAD.getAcquire(this);
      used = t - headSeen;
      if (used >= limit) {
        dropped++;
        droppedTotal = dropped;
        return -1;
      }
    }
    return t;
  }

  private void publish(long t) {
    TAIL.setRelease(this, t + 1);
    if (kind[(int) t & mask] == OBJECT) {
      VarHandle.fullFence(); // rare events: never miss a sleeping event thread (Dekker)
    }
    if (sleeping) {
      sleeping = false;
      LockSupport.unpark(thread);
    }
  }

  /**
   * Whether some listener wants an event for every task (see {@link
   * RunListener#receivesEveryTask()}); if none does, the run sends no {@code TaskStarted} and no
   * {@code TaskFinished} for tasks that succeeded.
   */
  boolean everyTask() {
    return anyEveryTask;
  }

  /** Events dropped so far. */
  long dropped() {
    return droppedTotal;
  }

  /** Completes once every listener has returned from the run's last event. */
  CompletableFuture<Void> delivered() {
    return delivered;
  }

  // ------------------------------------------------------------------ the event thread

  private void loop() {
    long h = 0;
    long idle = 0;
    try {
      while (true) {
        long t = (long) TAIL.getAcquire(this);
        if (h == t) {
          idle = idle == 0 ? MIN_IDLE_PARK : Math.min(MAX_IDLE_PARK, idle * 2);
          if (idle < MAX_IDLE_PARK) {
            LockSupport.parkNanos(this, idle);
          } else {
            sleeping = true;
            if ((long) TAIL.getVolatile(this) == h) {
              // Task events publish without a fence, so a wake-up may be missed: bounded wait.
              LockSupport.parkNanos(this, SLEEP);
            }
            sleeping = false;
          }
          continue;
        }
        idle = 0;
        for (; h < t; h++) {
          int i = (int) h & mask;
          RunEvent event = event(i);
          a[i] = null;
          b[i] = null;
          c[i] = null;
          boolean perTask = event instanceof RunEvent.TaskStarted
              || (event instanceof RunEvent.TaskFinished f && f.state() == TaskState.SUCCEEDED);
          for (int k = 0; k < listeners.size(); k++) {
            if (everyTask[k] || !perTask) {
              deliver(k, event);
            }
          }
          if ((h & 255) == 255) {
            HEAD.setRelease(this, h + 1); // give producers room during long batches
          }
          if (event instanceof RunEvent.RunFinished) {
            HEAD.setRelease(this, h + 1);
            return;
          }
        }
        HEAD.setRelease(this, h);
      }
    } finally {
      summarizeFailures();
      delivered.complete(null);
    }
  }

  private RunEvent event(int i) {
    return switch (kind[i]) {
      case STARTED -> new RunEvent.TaskStarted(runId, start.plusNanos(nanos[i]), (String) a[i],
          number[i], (String) b[i]);
      case FINISHED -> new RunEvent.TaskFinished(runId, start.plusNanos(nanos[i]), (String) a[i],
          STATES[number[i] & 7], number[i] >>> 3, Duration.ofNanos(duration[i]),
          Optional.ofNullable((String) b[i]), Optional.ofNullable((String) c[i]));
      default -> (RunEvent) a[i];
    };
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
