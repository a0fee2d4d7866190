package dev.orchestrator.schedule;

/**
 * The algorithm of an adaptive limit: a concurrency and a rate computed from what the tasks that
 * use the limit observe — their latencies and the throttles they receive. Pure: no threads, no
 * clock (each call passes the time in nanoseconds), so it is tested on a virtual clock.
 *
 * <p><b>Concurrency</b>, in the spirit of Netflix concurrency-limits' Gradient2: a short-term
 * latency average (EWMA, weight {@value #SHORT_WEIGHT}) is compared with a long-term one (weight
 * {@value #LONG_WEIGHT}); the gradient {@code clamp(TOLERANCE × long / short, 0.5, 1)} scales the
 * limit, and a headroom of {@code sqrt(limit)} is added, smoothed by {@value #SMOOTHING}. While
 * latency stays within the tolerance the limit grows, when queueing makes it rise the limit
 * shrinks. It starts in slow start (one more per success: doubling per round trip) until latency
 * rises or a throttle arrives. A sample is ignored for growth while fewer than half the limit are in
 * flight (the limit is not what holds the tasks back).
 *
 * <p><b>Rate</b>, multiplicative decrease and CUBIC growth (as TCP CUBIC grows its window):
 * unknown (unlimited) until the first throttle. A throttle — at most one per cool-down of
 * {@value #COOLDOWN_NANOS} ns or two round trips, whichever is longer, since the throttles of tasks
 * already in flight say nothing new — takes {@code w} = the rate the resource accepted over the
 * last second (successes counted in 100 ms buckets; the rate in force if that is lower) times
 * {@value #PLATEAU} (the accepted rate includes what the resource's own burst let through), sets the
 * rate to {@value #DECREASE} × {@code w} and multiplies the concurrency by the same factor. Before
 * anything was accepted a throttle only halves the concurrency. A run's first second measures over
 * less than a second (at least 100 ms) and may learn too low a rate: the growth corrects it. Throttle-free
 * time raises the rate again along {@code w × (1 + C (s − K)³)}, {@code C} = {@value #CUBIC},
 * {@code K = cbrt((1 − DECREASE) / C)} ≈ 1.26 s: quickly back towards {@code w}, flat near it, then
 * probing beyond it ever faster — so a rate learnt too low recovers in seconds. Floors: the
 * concurrency never falls below its minimum and the rate never below 1 % of the highest accepted
 * rate seen (nor {@value #MIN_RATE} a second), so it cannot decay into a stall.
 *
 * <p>Not thread-safe: the dispatcher calls it under the run's lock.
 */
final class AdaptiveLimiter {

  static final double SHORT_WEIGHT = 0.1;
  static final double LONG_WEIGHT = 0.005;
  static final double TOLERANCE = 1.5;
  static final double SMOOTHING = 0.2;
  static final double DECREASE = 0.9;
  static final long COOLDOWN_NANOS = 200_000_000L;
  static final double CUBIC = 0.05;
  static final double PLATEAU = 0.95;
  private static final double K = Math.cbrt((1 - DECREASE) / CUBIC);
  static final double MIN_RATE = 0.1;
  // Ten full buckets of 100 ms plus the one now filling.
  private static final int BUCKETS = 11;
  private static final long BUCKET_NANOS = 100_000_000L;

  private final int min;
  private final int max;
  private double limit;
  private boolean slowStart = true;
  private double shortRtt = Double.NaN;
  private double longRtt = Double.NaN;

  private double rate = Double.POSITIVE_INFINITY; // permits per second
  private double wMax; // the accepted rate at the last decrease
  private long decreasedAt;
  private long lastDecrease = Long.MIN_VALUE;
  private double bestAccepted;
  private final long[] accepted = new long[BUCKETS]; // permits per 100 ms bucket, a ring
  private long bucketOf = Long.MIN_VALUE; // the bucket index the ring's head holds
  private long firstSample = Long.MIN_VALUE;
  private long throttles;
  private long decreases;

  /** @param initial the concurrency to start with, within {@code min..max} */
  AdaptiveLimiter(int initial, int min, int max) {
    this.min = min;
    this.max = max;
    this.limit = initial;
  }

  /** The concurrency now in force. */
  int concurrency() {
    return (int) limit;
  }

  /** The rate now in force, in permits per second; infinite until the first throttle. */
  double rate(long now) {
    if (Double.isInfinite(rate)) {
      return rate;
    }
    double s = Math.min(60, Math.max(0, now - decreasedAt) / 1e9) - K;
    return Math.max(rate, wMax * (1 + CUBIC * s * s * s));
  }

  /** Throttles received, and how many of them lowered the limit. */
  long throttles() {
    return throttles;
  }

  long decreases() {
    return decreases;
  }

  /**
   * A task that used the limit succeeded (or failed otherwise: the resource answered).
   *
   * @param latencyNanos how long its attempt took
   * @param inFlight tasks holding the limit when it started, itself included
   * @param permits the permits it took
   */
  void onSuccess(long now, long latencyNanos, int inFlight, long permits) {
    count(now, permits);
    double rtt = Math.max(1, latencyNanos);
    if (Double.isNaN(shortRtt)) {
      shortRtt = longRtt = rtt;
    } else {
      shortRtt += SHORT_WEIGHT * (rtt - shortRtt);
      longRtt += LONG_WEIGHT * (rtt - longRtt);
    }
    if (inFlight < limit / 2) {
      return; // the limit did not hold these tasks back: their latency says nothing about it
    }
    double gradient = Math.max(0.5, Math.min(1.0, TOLERANCE * longRtt / shortRtt));
    if (slowStart) {
      if (gradient < 1.0) {
        slowStart = false;
      } else {
        limit = Math.min(max, limit + 1);
        return;
      }
    }
    double target = limit * gradient + Math.sqrt(limit);
    limit = Math.max(min, Math.min(max, limit * (1 - SMOOTHING) + target * SMOOTHING));
  }

  /** A task that used the limit was throttled at {@code now}. */
  void onThrottle(long now) {
    throttles++;
    slowStart = false;
    long cooldown = Math.max(COOLDOWN_NANOS,
        Double.isNaN(shortRtt) ? 0 : (long) Math.min(2 * shortRtt, 10e9));
    if (lastDecrease != Long.MIN_VALUE && now - lastDecrease < cooldown) {
      return;
    }
    lastDecrease = now;
    decreases++;
    double current = rate(now);
    double acceptedRate = acceptedRate(now);
    bestAccepted = Math.max(bestAccepted, acceptedRate);
    double base = acceptedRate > 0 ? Math.min(current, acceptedRate) : current;
    if (Double.isInfinite(base)) {
      // No rate known and none measurable yet: only the concurrency can say slow down.
      limit = Math.max(min, limit * 0.5);
      return;
    }
    double floor = Math.max(MIN_RATE, 0.01 * bestAccepted);
    // The accepted rate includes what the resource's own burst let through: aim a little below it.
    wMax = Math.max(floor / DECREASE, PLATEAU * base);
    rate = DECREASE * wMax;
    decreasedAt = now;
    limit = Math.max(min, limit * DECREASE);
  }

  /** Permits accepted per second over the last second (or since the first sample, if sooner). */
  double acceptedRate(long now) {
    roll(now);
    long sum = 0;
    for (long a : accepted) {
      sum += a;
    }
    if (firstSample == Long.MIN_VALUE) {
      return 0;
    }
    long oldest = (bucketOf - (BUCKETS - 1)) * BUCKET_NANOS;
    long span = Math.max(BUCKET_NANOS, now - Math.max(oldest, firstSample));
    return sum / (span / 1e9);
  }

  private void count(long now, long permits) {
    if (firstSample == Long.MIN_VALUE) {
      firstSample = now;
    }
    roll(now);
    accepted[(int) Math.floorMod(bucketOf, BUCKETS)] += permits;
  }

  private void roll(long now) {
    long bucket = Math.floorDiv(now, BUCKET_NANOS);
    if (bucketOf == Long.MIN_VALUE) {
      bucketOf = bucket;
      return;
    }
    for (long b = bucketOf + 1; b <= bucket && b <= bucketOf + BUCKETS; b++) {
      accepted[(int) Math.floorMod(b, BUCKETS)] = 0;
    }
    bucketOf = Math.max(bucketOf, bucket);
  }
}
