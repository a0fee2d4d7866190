package dev.orchestrator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.resource.Limit;
import dev.orchestrator.resource.LimitUsage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitStateTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void availableAt_concurrencyCapHeldExactly() {
    LimitState fleet = new LimitState("fleet", Limit.concurrency(3));
    for (int i = 0; i < 3; i++) {
      assertThat(fleet.availableAt(1, 0)).isLessThanOrEqualTo(0);
      fleet.take(1, 0, 0);
    }
    assertThat(fleet.availableAt(1, 0)).isEqualTo(Long.MAX_VALUE);
    fleet.release(10, 10, 3, 1);
    assertThat(fleet.availableAt(1, 10)).isLessThanOrEqualTo(10);
    assertThat(fleet.usage(0, 10).maxInFlight()).isEqualTo(3);
  }

  @Test
  void availableAt_rateWithCapNeedsBoth() {
    LimitState llm = new LimitState("llm",
        Limit.rate(90_000, Duration.ofMinutes(1)).burst(10_000).concurrency(2));
    llm.take(1_500, 0, 0);
    llm.take(1_500, 0, 0);
    assertThat(llm.availableAt(1_500, 0)).as("cap reached").isEqualTo(Long.MAX_VALUE);
    llm.release(1, 1, 2, 1_500);
    assertThat(llm.availableAt(1_500, 1)).as("7,000 tokens left").isLessThanOrEqualTo(1);
    llm.take(1_500, 1, 0);
    llm.release(2, 1, 2, 1_500);
    llm.take(1_500, 2, 0);
    llm.release(3, 1, 2, 1_500);
    llm.take(1_500, 3, 0);
    llm.release(4, 1, 2, 1_500);
    llm.take(1_500, 4, 0);
    llm.release(5, 1, 2, 1_500);
    // 9,000 of the burst's 10,000 taken: 1,500 more need 500 tokens at 1,500 a second.
    assertThat(llm.availableAt(1_500, 5)).isEqualTo((SECOND + 2) / 3);
  }

  @Test
  void throttled_pausesForTheServersWaitAndFreesThePlace() {
    LimitState api = new LimitState("api", Limit.rate(1_000, Duration.ofSeconds(1)).burst(1_000));
    api.take(1, 0, 0);
    api.throttled(SECOND, 2 * SECOND);
    assertThat(api.inFlight()).isZero();
    assertThat(api.availableAt(1, SECOND)).isEqualTo(3 * SECOND);
    LimitUsage usage = api.usage(0, 3 * SECOND);
    assertThat(usage.throttles()).isEqualTo(1);
  }

  @Test
  void throttled_withoutAWaitBacksOffDoublingUntilASuccess() {
    LimitState api = new LimitState("api", Limit.concurrency(10));
    api.take(1, 0, 0);
    api.throttled(0, -1);
    assertThat(api.pausedUntil()).isEqualTo(LimitState.BACKOFF_NANOS);
    api.take(1, 0, 0);
    api.throttled(0, -1);
    assertThat(api.pausedUntil()).isEqualTo(2 * LimitState.BACKOFF_NANOS);
    api.take(1, 0, 0);
    api.release(0, 1, 1, 1);
    api.take(1, 0, 0);
    api.throttled(SECOND, -1);
    assertThat(api.pausedUntil()).isEqualTo(SECOND + LimitState.BACKOFF_NANOS);
  }

  @Test
  void usage_countsPermitsWaitsAndRate() {
    LimitState api = new LimitState("api", Limit.rate(10, Duration.ofSeconds(1)));
    for (int i = 0; i < 11; i++) {
      long at = Math.max(0, api.availableAt(2, 0));
      api.take(2, at, at);
      api.release(at, 1, 1, 2);
    }
    LimitUsage usage = api.usage(0, 2 * SECOND);
    assertThat(usage.permits()).isEqualTo(22);
    assertThat(usage.starts()).isEqualTo(11);
    assertThat(usage.span()).isEqualTo(Duration.ofSeconds(2));
    assertThat(usage.permitsPerSecond()).isEqualTo(11.0);
    assertThat(usage.rate()).isEqualTo(10.0);
    assertThat(usage.tasksWaited()).isEqualTo(10);
    assertThat(usage.limit()).isEqualTo("10/s");
  }
}
