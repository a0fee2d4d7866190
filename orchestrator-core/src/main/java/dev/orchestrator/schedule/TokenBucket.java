package dev.orchestrator.schedule;

/**
 * A token bucket on a caller's clock, as the generic cell rate algorithm: permits accrue at one per
 * {@code interval} nanoseconds up to {@code burst}, and taking more than are there leaves the
 * bucket in debt, so a task that needs more permits than the burst still starts (when the bucket is
 * full) and the average rate holds. No threads, no clock: every call passes the time.
 *
 * <p>The bucket holds at least what accrues in {@value #MIN_TOLERANCE_NANOS} ns, the resolution of
 * the dispatcher's clock (a batch of claims shares one reading): a burst of 1 at 10⁹ permits a
 * second could otherwise never admit two claims of one batch. Below 10,000 permits a second this
 * changes nothing.
 *
 * <p>Not thread-safe: the dispatcher calls it under the run's lock.
 */
final class TokenBucket {

  static final long MIN_TOLERANCE_NANOS = 100_000;

  private double interval; // nanoseconds per permit
  private final long burst;
  private double tolerance; // nanoseconds of accrual the bucket holds
  // The theoretical arrival time: when the bucket would be full again if nothing more were taken.
  private double tat = Double.NEGATIVE_INFINITY;

  /**
   * @param permits permits per period, at least 1
   * @param periodNanos the period, positive
   * @param burst the most permits the bucket holds, at least 1
   */
  TokenBucket(long permits, long periodNanos, long burst) {
    if (permits < 1 || periodNanos < 1 || burst < 1) {
      throw new IllegalArgumentException(
          "token bucket needs positive figures: " + permits + "/" + periodNanos + "ns, burst " + burst);
    }
    this.burst = burst;
    setInterval((double) periodNanos / permits);
  }

  /** Changes the rate (an adaptive limit's), keeping what was taken. */
  void setRate(double permitsPerSecond) {
    setInterval(1e9 / permitsPerSecond);
  }

  private void setInterval(double nanosPerPermit) {
    this.interval = nanosPerPermit;
    this.tolerance = Math.max(burst * nanosPerPermit, MIN_TOLERANCE_NANOS);
  }

  /** The earliest time at which {@code permits} may be taken (at or before {@code now}: at once). */
  long availableAt(long permits) {
    // A full bucket admits any number: the rest is debt.
    double need = Math.min(permits * interval, tolerance);
    double at = Math.ceil(tat - tolerance + need);
    return at <= Long.MIN_VALUE ? Long.MIN_VALUE : (long) Math.min(at, Long.MAX_VALUE);
  }

  /** Whether {@code permits} may be taken at {@code now}. */
  boolean admits(long permits, long now) {
    return now >= availableAt(permits);
  }

  /** Takes {@code permits} at {@code now}; call only when {@link #admits} says so. */
  void take(long permits, long now) {
    tat = Math.max(tat, now) + permits * interval;
  }

  /** Nanoseconds per permit. */
  double interval() {
    return interval;
  }
}
