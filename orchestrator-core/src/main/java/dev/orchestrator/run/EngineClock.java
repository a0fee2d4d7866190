package dev.orchestrator.run;

import java.time.Instant;

/**
 * The time the engine reads and the timers it sets, given to it the way a Caffeine cache is given
 * a {@code Ticker} and a {@code Scheduler}: no class of the engine reads {@code System.nanoTime} or
 * {@code Instant.now}, or starts a timer thread, except through one of these. {@link #system()} is
 * the default; tests pass a virtual clock they advance by hand, so that timeouts, stalls, retry
 * backoffs and grace periods elapse without anyone waiting for them.
 *
 * <p>Package-private: runs get the system clock through {@link Engine}'s public methods, tests
 * another one through {@code Engine.start(plan, options, clock)}.
 */
interface EngineClock {

  /** A monotonic reading in nanoseconds, only meaningful as a difference to another one. */
  long nanoTime();

  /** The wall-clock time now. */
  Instant instant();

  /**
   * A scheduler for one run's timers ({@code name} names its thread, if it has one); the run shuts
   * it down when it ends.
   */
  Scheduler newScheduler(String name);

  /** The scheduler shared by every run for cheap periodic ticks (the resource monitor's). */
  Scheduler sharedScheduler();

  /** The system's clock: {@code System.nanoTime}, {@code Instant.now} and daemon timer threads. */
  static EngineClock system() {
    return SystemClock.INSTANCE;
  }
}

/** {@link EngineClock#system()}. */
final class SystemClock implements EngineClock {

  static final SystemClock INSTANCE = new SystemClock();

  private SystemClock() {}

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant instant() {
    return Instant.now();
  }

  @Override
  public Scheduler newScheduler(String name) {
    return new Scheduler.OnThread(name);
  }

  @Override
  public Scheduler sharedScheduler() {
    return Shared.INSTANCE;
  }

  /** Made on first use: a process that never monitors pressure never starts the thread. */
  private static final class Shared {
    static final Scheduler INSTANCE = new Scheduler.OnThread("orchestrator-ticker");
  }
}
