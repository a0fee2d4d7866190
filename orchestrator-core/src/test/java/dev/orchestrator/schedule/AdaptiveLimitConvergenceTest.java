package dev.orchestrator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.orchestrator.resource.Limit;
import dev.orchestrator.resource.LimitUsage;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An adaptive limit against a simulated API on a virtual clock: a token bucket of {@code rate}
 * requests a second (burst 10) that answers 429 with the exact wait when empty, each request taking
 * {@code latency} ms (a 429 a tenth of that). A backlog of tasks waits on the limit throughout.
 */
class AdaptiveLimitConvergenceTest {

  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000 * MS;

  /** The outcome of one simulated run. */
  record Outcome(long requests, long throttled, long acceptedAfterWarmUp, long longestGap,
      LimitUsage usage) {}

  static Outcome run(double rate, long latencyMs, long seconds, Limit limit) {
    LimitState state = new LimitState("api", limit);
    double serverTokens = 10;
    long serverLast = 0;
    PriorityQueue<long[]> inFlight = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    long now = 0;
    long requests = 0;
    long throttled = 0;
    long acceptedLate = 0;
    long lastStart = 0;
    long longestGap = 0;
    long end = seconds * SECOND;
    while (now < end) {
      // Start every request the limit admits now.
      while (state.availableAt(1, now) <= now) {
        state.take(1, now, 0);
        requests++;
        longestGap = Math.max(longestGap, now - lastStart);
        lastStart = now;
        serverTokens = Math.min(10, serverTokens + (now - serverLast) * rate / SECOND);
        serverLast = now;
        boolean ok = serverTokens >= 1;
        long wait = -1;
        if (ok) {
          serverTokens -= 1;
        } else {
          wait = (long) Math.ceil((1 - serverTokens) / rate * SECOND);
        }
        long latency = ok ? latencyMs * MS : latencyMs * MS / 10;
        inFlight.add(new long[] {now + latency, ok ? 1 : 0, wait, latency, state.inFlight()});
      }
      long next = state.availableAt(1, now);
      long[] done = inFlight.peek();
      long at = Math.min(next, done == null ? Long.MAX_VALUE : done[0]);
      now = Math.max(now + 1, at);
      while (!inFlight.isEmpty() && inFlight.peek()[0] <= now) {
        long[] r = inFlight.poll();
        if (r[1] == 1) {
          state.release(r[0], r[3], (int) r[4], 1);
          if (r[0] >= 10 * SECOND) {
            acceptedLate++;
          }
        } else {
          throttled++;
          state.throttled(r[0], r[2]);
        }
      }
    }
    return new Outcome(requests, throttled, acceptedLate, longestGap, state.usage(0, now));
  }

  @ParameterizedTest(name = "{0}/s, {1} ms")
  @CsvSource({"300, 20", "300, 1", "50, 100", "2000, 5"})
  void adaptive_convergesNearTheRateWithFewThrottles(double rate, long latencyMs) {
    Outcome out = run(rate, latencyMs, 60, Limit.adaptive());
    double used = out.acceptedAfterWarmUp() / (rate * 50);
    assertThat(used).as("share of the rate used after 10 s").isGreaterThanOrEqualTo(0.8);
    assertThat((double) out.throttled() / out.requests()).as("share of requests throttled")
        .isLessThanOrEqualTo(0.10);
    assertThat(out.longestGap()).as("longest time without a start").isLessThan(SECOND);
    assertThat(out.usage().adaptive()).isNotEmpty();
  }

  @Test
  void adaptive_concurrencyStaysWithinItsBounds() {
    Outcome out = run(300, 20, 30, Limit.adaptive().bounds(8, 4, 12));
    assertThat(out.usage().adaptive())
        .allSatisfy(s -> assertThat(s.concurrency()).isBetween(4, 12));
    assertThat(out.usage().maxInFlight()).isLessThanOrEqualTo(12);
  }

  @Test
  void adaptive_neverStallsWhenEverythingIsThrottledForAWhile() {
    // 1 request a second accepted, 200 ms latency: the limit must keep probing, not stop.
    Outcome out = run(1, 200, 60, Limit.adaptive());
    assertThat(out.acceptedAfterWarmUp()).isGreaterThanOrEqualTo(40);
    assertThat(out.longestGap()).isLessThan(5 * SECOND);
  }

  @Test
  void adaptive_latencyRiseShrinksConcurrency() {
    AdaptiveLimiter limiter = new AdaptiveLimiter(4, 1, 512);
    long now = 0;
    for (int i = 0; i < 500; i++) {
      now += MS;
      limiter.onSuccess(now, 10 * MS, limiter.concurrency(), 1);
    }
    int grown = limiter.concurrency();
    assertThat(grown).isGreaterThan(4);
    for (int i = 0; i < 200; i++) {
      now += MS;
      limiter.onSuccess(now, 40 * MS, limiter.concurrency(), 1);
    }
    assertThat(limiter.concurrency()).isLessThan(grown);
    assertThat(limiter.rate(now)).isInfinite();
  }

  @Test
  void adaptive_throttlesOfOneRoundTripLowerTheRateOnce() {
    AdaptiveLimiter limiter = new AdaptiveLimiter(4, 1, 512);
    long now = 0;
    for (int i = 0; i < 1_000; i++) {
      now += MS;
      limiter.onSuccess(now, 5 * MS, 4, 1);
    }
    limiter.onThrottle(now);
    // 1,000 a second accepted (one success a millisecond): aim at 95 % of it, start at 90 % of that.
    assertThat(limiter.acceptedRate(now)).isCloseTo(1_000, within(2.0));
    assertThat(limiter.rate(now)).isCloseTo(0.9 * 0.95 * 1_000, within(2.0));
    limiter.onThrottle(now + 10 * MS);
    limiter.onThrottle(now + 20 * MS);
    assertThat(limiter.decreases()).isEqualTo(1);
    assertThat(limiter.throttles()).isEqualTo(3);
    // CUBIC growth: back to the aim (950 a second) after K = 1.26 s, then beyond it.
    assertThat(limiter.rate(now + 1_260 * MS)).isCloseTo(950, within(2.0));
    assertThat(limiter.rate(now + 4 * SECOND)).isGreaterThan(1_500);
  }
}
