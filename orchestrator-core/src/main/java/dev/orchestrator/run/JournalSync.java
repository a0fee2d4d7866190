package dev.orchestrator.run;

import java.time.Duration;
import java.util.Objects;

/**
 * When the run journal forces what it wrote to the storage device ({@code fsync}).
 *
 * <p>Agents never wait for the journal: they queue its entries, and one writer thread writes
 * whatever has queued as one batch (group commit), then syncs as this policy says. What each
 * policy can lose:
 *
 * <ul>
 *   <li>If the <b>process</b> dies (a crash, {@code kill -9}): only the entries still queued in
 *       memory, whatever the policy, since written bytes are in the operating system's cache. That
 *       is at most the few entries of the last moments (the writer runs continuously).
 *   <li>If the <b>machine</b> dies (power loss, kernel panic): with {@link #everyBatch()}, the
 *       batch being written; with {@link #periodic(Duration)}, up to one interval; with {@link
 *       #never()}, whatever the operating system had not flushed (seconds on Linux).
 * </ul>
 *
 * <p>A lost entry is never a wrong resume, only redone work: a task whose success did not reach
 * the journal runs again when the run is resumed (tasks must tolerate running again: at-least-once
 * execution). See {@code docs/reliability.md}.
 */
public final class JournalSync {

  private static final JournalSync EVERY_BATCH = new JournalSync(Duration.ZERO);
  private static final JournalSync NEVER = new JournalSync(null);

  private final Duration interval; // ZERO: every batch; null: never

  private JournalSync(Duration interval) {
    this.interval = interval;
  }

  /** Syncs after every batch written (group commit): the default. */
  public static JournalSync everyBatch() {
    return EVERY_BATCH;
  }

  /**
   * Syncs at most once per {@code interval} (and when the run ends).
   *
   * @throws IllegalArgumentException if {@code interval} is zero or negative
   */
  public static JournalSync periodic(Duration interval) {
    Objects.requireNonNull(interval, "sync interval cannot be null");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("sync interval must be positive: " + interval);
    }
    return new JournalSync(interval);
  }

  /** Never syncs: the operating system writes the journal out when it sees fit. */
  public static JournalSync never() {
    return NEVER;
  }

  /** Whether to sync now, {@code sinceLast} nanoseconds after the last sync. */
  boolean due(long sinceLast) {
    return interval != null && sinceLast >= interval.toNanos();
  }

  /** Whether the journal syncs when it closes. */
  boolean syncsOnClose() {
    return interval != null;
  }

  @Override
  public String toString() {
    return interval == null ? "JournalSync.never()"
        : interval.isZero() ? "JournalSync.everyBatch()" : "JournalSync.periodic(" + interval + ")";
  }
}
