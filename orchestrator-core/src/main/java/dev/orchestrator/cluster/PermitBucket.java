package dev.orchestrator.cluster;

import dev.orchestrator.resource.RateLimit;

/**
 * The coordinator's token bucket for one named rate limit, the only one in the cluster: every
 * attempt of a task that uses the limit leaves the coordinator with its permits, so the rate holds
 * across all members however many there are. It starts empty, so that a coordinator that takes
 * over cannot add a burst to what its predecessor has just spent. Not thread-safe: the coordinator
 * uses it under its lock.
 */
final class PermitBucket {

  private final double perNano;
  private final double capacity;
  private double tokens;
  private long last;

  PermitBucket(RateLimit limit, long now) {
    this.perNano = (double) limit.permits() / limit.per().toNanos();
    this.capacity = 1; // one permit at a time: the requests are spread evenly over each period
    this.last = now;
  }

  private void refill(long now) {
    tokens = Math.min(capacity, tokens + (now - last) * perNano);
    last = now;
  }

  /** Whether {@code permits} are available now (at most 1 is ever stored: a larger take waits for it). */
  boolean available(long permits, long now) {
    refill(now);
    return tokens >= Math.min(permits, capacity);
  }

  /** Takes permits (call after {@link #available}); a take beyond what is stored goes into debt. */
  void take(long permits) {
    tokens -= permits;
  }

  /** Nanoseconds from {@code now} until {@code permits} are available. */
  long wait(long permits, long now) {
    refill(now);
    double missing = Math.min(permits, capacity) - tokens;
    return missing <= 0 ? 0 : (long) Math.ceil(missing / perNano);
  }
}
