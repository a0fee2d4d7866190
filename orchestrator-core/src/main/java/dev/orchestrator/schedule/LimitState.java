package dev.orchestrator.schedule;

import dev.orchestrator.resource.AdaptiveLimit;
import dev.orchestrator.resource.ConcurrencyLimit;
import dev.orchestrator.resource.Limit;
import dev.orchestrator.resource.LimitUsage;
import dev.orchestrator.resource.RateLimit;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * One named limit during a run or a simulation: its token bucket (a rate), its cap (tasks holding
 * it at once), a pause after a throttle, an adaptive limit's algorithm, and what it did (permits
 * taken, waits, throttles, an adaptive limit's value over time). The dispatcher asks it whether a
 * task may start ({@link #availableAt}), takes it when one does, and tells it how attempts ended.
 *
 * <p>A throttle pauses the limit for the wait the resource asked for, or else for a backoff of
 * {@value #BACKOFF_NANOS} ns doubling with each throttle in a row (up to {@value #MAX_BACKOFF_NANOS}
 * ns), reset by a success.
 *
 * <p>Not thread-safe: the dispatcher calls it under the run's lock. Times are nanoseconds.
 */
final class LimitState {

  static final long BACKOFF_NANOS = 100_000_000L;
  static final long MAX_BACKOFF_NANOS = 10_000_000_000L;
  /** An adaptive limit's value is sampled at most this often. */
  static final long SAMPLE_NANOS = 100_000_000L;
  private static final int MAX_SAMPLES = 1024;

  private final String name;
  private final Limit limit;
  private final TokenBucket bucket; // null: no rate (yet, for an adaptive limit)
  private final int cap; // Integer.MAX_VALUE: none
  private final AdaptiveLimiter adaptive; // null unless adaptive
  private int inFlight;
  private long pausedUntil = Long.MIN_VALUE;
  private int throttlesInARow;

  private long permitsTaken;
  private long admitted;
  private int maxInFlight;
  private long throttles;
  private long waitNanos;
  private long waited; // tasks that had to wait for it
  private long firstTake = Long.MIN_VALUE;
  private long lastTake;
  // An adaptive limit's value over time: time, concurrency, rate (permits/s, infinite if none).
  private long[] sampleTimes = new long[0];
  private int[] sampleLimits = new int[0];
  private double[] sampleRates = new double[0];
  private int samples;
  private long sampleEvery = SAMPLE_NANOS;
  private long lastSample = Long.MIN_VALUE;

  LimitState(String name, Limit limit) {
    this.name = name;
    this.limit = limit;
    switch (limit) {
      case RateLimit r -> {
        this.bucket = new TokenBucket(r.permits(), r.per().toNanos(), r.burst());
        this.cap = r.maxConcurrent().orElse(Integer.MAX_VALUE);
        this.adaptive = null;
      }
      case ConcurrencyLimit c -> {
        this.bucket = null;
        this.cap = c.max();
        this.adaptive = null;
      }
      case AdaptiveLimit a -> {
        this.bucket = new TokenBucket(1, 1_000_000_000L, 1);
        this.cap = Integer.MAX_VALUE;
        this.adaptive = new AdaptiveLimiter(a.initial(), a.min(), a.max());
      }
    }
  }

  String name() {
    return name;
  }

  Limit limit() {
    return limit;
  }

  /** The cap in force: the configured one, or an adaptive limit's concurrency now. */
  int cap() {
    return adaptive == null ? cap : adaptive.concurrency();
  }

  /**
   * The earliest time a task taking {@code permits} may start: at or before {@code now} means at
   * once; {@link Long#MAX_VALUE} means when a task holding the limit ends (its cap is reached).
   */
  long availableAt(long permits, long now) {
    if (inFlight >= cap()) {
      return Long.MAX_VALUE;
    }
    long at = pausedUntil;
    TokenBucket b = rateBucket(now);
    if (b != null) {
      at = Math.max(at, b.availableAt(permits));
    }
    return at;
  }

  private TokenBucket rateBucket(long now) {
    if (adaptive == null) {
      return bucket;
    }
    double rate = adaptive.rate(now);
    if (Double.isInfinite(rate)) {
      return null;
    }
    bucket.setRate(rate);
    return bucket;
  }

  /** A task takes {@code permits} at {@code now}, having waited {@code waitedNanos} for it (0: none). */
  void take(long permits, long now, long waitedNanos) {
    TokenBucket b = rateBucket(now);
    if (b != null) {
      b.take(permits, now);
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    permitsTaken += permits;
    admitted++;
    if (firstTake == Long.MIN_VALUE) {
      firstTake = now;
    }
    lastTake = now;
    if (waitedNanos > 0) {
      waitNanos += waitedNanos;
      waited++;
    }
  }

  /**
   * A task holding the limit ended its attempt (not throttled): it gives its place back and, for an
   * adaptive limit, its latency is a sample.
   *
   * @param inFlightAtStart tasks holding the limit when it started, itself included
   */
  void release(long now, long latencyNanos, int inFlightAtStart, long permits) {
    inFlight--;
    throttlesInARow = 0;
    if (adaptive != null) {
      adaptive.onSuccess(now, latencyNanos, inFlightAtStart, permits);
      sample(now);
    }
  }

  /**
   * A task holding the limit was throttled: it gives its place back, the limit pauses for {@code
   * waitNanos} (negative: no wait given, back off), and an adaptive limit lowers itself.
   */
  void throttled(long now, long waitNanos) {
    inFlight--;
    throttles++;
    throttlesInARow++;
    long wait = waitNanos >= 0 ? waitNanos
        : Math.min(MAX_BACKOFF_NANOS, BACKOFF_NANOS << Math.min(20, throttlesInARow - 1));
    pausedUntil = Math.max(pausedUntil, saturatedAdd(now, wait));
    if (adaptive != null) {
      adaptive.onThrottle(now);
      sample(now);
    }
  }

  /** Gives back a place taken by a task that never started (the rest of a batch). */
  void untake() {
    inFlight--;
    admitted--;
  }

  int inFlight() {
    return inFlight;
  }

  long pausedUntil() {
    return pausedUntil;
  }

  private void sample(long now) {
    if (lastSample != Long.MIN_VALUE && now - lastSample < sampleEvery) {
      return;
    }
    lastSample = now;
    if (samples == MAX_SAMPLES) {
      // Keep every other sample and sample half as often: bounded memory for any run length.
      for (int i = 0; i < samples / 2; i++) {
        sampleTimes[i] = sampleTimes[2 * i];
        sampleLimits[i] = sampleLimits[2 * i];
        sampleRates[i] = sampleRates[2 * i];
      }
      samples /= 2;
      sampleEvery *= 2;
    }
    if (samples == sampleTimes.length) {
      int size = Math.max(16, samples * 2);
      sampleTimes = Arrays.copyOf(sampleTimes, size);
      sampleLimits = Arrays.copyOf(sampleLimits, size);
      sampleRates = Arrays.copyOf(sampleRates, size);
    }
    sampleTimes[samples] = now;
    sampleLimits[samples] = adaptive.concurrency();
    sampleRates[samples] = adaptive.rate(now);
    samples++;
  }

  /** What the limit did, as of {@code now}; times relative to {@code origin}. */
  LimitUsage usage(long origin, long now) {
    LimitUsage.Sample[] values = new LimitUsage.Sample[samples];
    for (int i = 0; i < samples; i++) {
      values[i] = new LimitUsage.Sample(Duration.ofNanos(sampleTimes[i] - origin), sampleLimits[i],
          sampleRates[i]);
    }
    long span = firstTake == Long.MIN_VALUE ? 0 : lastTake - firstTake;
    double rate = adaptive != null ? adaptive.rate(now)
        : bucket == null ? Double.NaN : 1e9 / bucket.interval();
    return new LimitUsage(name, limit.toString(), permitsTaken, admitted, Duration.ofNanos(span),
        maxInFlight, cap(), rate, Duration.ofNanos(waitNanos), waited, throttles, List.of(values));
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
