package dev.orchestrator.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final RandomGenerator RANDOM = new SplittableRandom(1);

  @Test
  void none_oneAttempt() {
    RetryPolicy none = RetryPolicy.none();
    assertThat(none.maxAttempts()).isEqualTo(1);
    assertThat(none.shouldRetry(1, new IOException())).isFalse();
    assertThat(none).hasToString("RetryPolicy[no retry]");
    assertThat(RetryPolicy.builder().build().delay()).isEqualTo(RetryPolicy.DEFAULT_DELAY);
    assertThat(RetryPolicy.builder().build().maxDelay()).isEqualTo(RetryPolicy.DEFAULT_MAX_DELAY);
    assertThat(RetryPolicy.builder().build().multiplier()).isEqualTo(RetryPolicy.DEFAULT_MULTIPLIER);
  }

  @Test
  void exponential_settings() {
    RetryPolicy policy = RetryPolicy.exponential(3, Duration.ofSeconds(1));
    assertThat(policy.maxAttempts()).isEqualTo(3);
    assertThat(policy.delay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.maxDelay()).isEqualTo(RetryPolicy.DEFAULT_MAX_DELAY);
    assertThat(policy.multiplier()).isEqualTo(2.0);
    assertThat(policy.jitter()).isEqualTo(0.2);
    assertThat(policy).hasToString(
        "RetryPolicy[maxAttempts=3, delay=PT1S, maxDelay=PT1M, multiplier=2.0, jitter=0.2]");
    assertThat(RetryPolicy.exponential(2, Duration.ofMinutes(5)).maxDelay())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void delayAfter_growsAndCaps() {
    RetryPolicy policy = RetryPolicy.builder().maxAttempts(10)
        .backoff(Duration.ofMillis(100), Duration.ofMillis(700)).build();
    assertThat(policy.delayAfter(1, RANDOM)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.delayAfter(2, RANDOM)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.delayAfter(3, RANDOM)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.delayAfter(4, RANDOM)).isEqualTo(Duration.ofMillis(700));
    assertThat(policy.delayAfter(60, RANDOM)).isEqualTo(Duration.ofMillis(700));
  }

  @Test
  void delayAfter_delayBeyondLongNanoseconds_isCappedNotAnOverflow() {
    // 300 years does not fit in a long of nanoseconds; found by BuilderFuzzTest.
    Duration centuries = Duration.ofDays(365L * 300);
    RetryPolicy policy = RetryPolicy.exponential(3, centuries);
    assertThat(policy.delayAfter(2, RANDOM)).isEqualTo(Duration.ofNanos(Math.round(Long.MAX_VALUE / 2.0)));
  }

  @Test
  void delayAfter_fixedDelay() {
    RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).delay(Duration.ofSeconds(2)).build();
    assertThat(policy.multiplier()).isEqualTo(1.0);
    assertThat(policy.delayAfter(1, RANDOM)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delayAfter(2, RANDOM)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void delayAfter_multiplier() {
    RetryPolicy policy = RetryPolicy.builder().backoff(Duration.ofSeconds(1), Duration.ofMinutes(1))
        .multiplier(3).build();
    assertThat(policy.delayAfter(3, RANDOM)).isEqualTo(Duration.ofSeconds(9));
  }

  @Test
  void delayAfter_jitterStaysWithinBounds() {
    RetryPolicy policy = RetryPolicy.builder().delay(Duration.ofSeconds(1)).jitter(0.25).build();
    RandomGenerator random = new SplittableRandom(7);
    boolean below = false;
    boolean above = false;
    for (int i = 0; i < 1000; i++) {
      Duration d = policy.delayAfter(1, random);
      assertThat(d).isBetween(Duration.ofMillis(750), Duration.ofMillis(1250));
      below |= d.compareTo(Duration.ofSeconds(1)) < 0;
      above |= d.compareTo(Duration.ofSeconds(1)) > 0;
    }
    assertThat(below).isTrue();
    assertThat(above).isTrue();
  }

  @Test
  void delayAfter_attemptZero() {
    assertThatThrownBy(() -> RetryPolicy.none().delayAfter(0, RANDOM))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("attempt must be >= 1: 0");
  }

  @Test
  void shouldRetry_attemptsRetryOnAbortOn() {
    RetryPolicy policy = RetryPolicy.builder().maxAttempts(3)
        .retryOn(IOException.class::isInstance)
        .abortOn(e -> e.getMessage() != null && e.getMessage().contains("fatal"))
        .build();
    assertThat(policy.shouldRetry(1, new IOException("flaky"))).isTrue();
    assertThat(policy.shouldRetry(2, new IOException("flaky"))).isTrue();
    assertThat(policy.shouldRetry(3, new IOException("flaky"))).isFalse();
    assertThat(policy.shouldRetry(1, new IllegalStateException("flaky"))).isFalse();
    assertThat(policy.shouldRetry(1, new IOException("fatal"))).isFalse();
  }

  @Test
  void build_copiesState() {
    RetryPolicy.Builder builder = RetryPolicy.builder().maxAttempts(2);
    RetryPolicy first = builder.build();
    builder.maxAttempts(5);
    assertThat(first.maxAttempts()).isEqualTo(2);
  }

  @Test
  void maxAttempts_belowOne() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("max attempts must be >= 1: 0");
  }

  @Test
  void exponential_invalid() {
    assertThatThrownBy(() -> RetryPolicy.exponential(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("max attempts must be >= 1: 0");
    assertThatThrownBy(() -> RetryPolicy.exponential(3, null))
        .isInstanceOf(NullPointerException.class).hasMessage("delay cannot be null");
    assertThatThrownBy(() -> RetryPolicy.exponential(3, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("delay cannot be negative: PT-1S");
  }

  @Test
  void delay_null() {
    assertThatThrownBy(() -> RetryPolicy.builder().delay(null))
        .isInstanceOf(NullPointerException.class).hasMessage("delay cannot be null");
  }

  @Test
  void delay_negative() {
    assertThatThrownBy(() -> RetryPolicy.builder().delay(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("delay cannot be negative: PT-1S");
  }

  @Test
  void backoff_nulls() {
    assertThatThrownBy(() -> RetryPolicy.builder().backoff(null, Duration.ofSeconds(1)))
        .isInstanceOf(NullPointerException.class).hasMessage("delay cannot be null");
    assertThatThrownBy(() -> RetryPolicy.builder().backoff(Duration.ofSeconds(1), null))
        .isInstanceOf(NullPointerException.class).hasMessage("max delay cannot be null");
  }

  @Test
  void backoff_negativeMaxDelay() {
    assertThatThrownBy(() -> RetryPolicy.builder().backoff(Duration.ZERO, Duration.ofSeconds(-2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("max delay cannot be negative: PT-2S");
  }

  @Test
  void backoff_maxBelowDelay() {
    assertThatThrownBy(() -> RetryPolicy.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max delay must be >= the delay: max delay PT1S, delay PT2S");
  }

  @Test
  void backoff_afterFixedDelayRestoresMultiplier() {
    RetryPolicy policy = RetryPolicy.builder().delay(Duration.ofSeconds(1))
        .backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)).build();
    assertThat(policy.multiplier()).isEqualTo(RetryPolicy.DEFAULT_MULTIPLIER);
  }

  @Test
  void multiplier_invalid() {
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("multiplier must be >= 1 and finite: 0.5");
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("multiplier must be >= 1 and finite: NaN");
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multiplier must be >= 1 and finite: Infinity");
  }

  @Test
  void jitter_invalid() {
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(-0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("jitter must be within [0, 1]: -0.1");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("jitter must be within [0, 1]: 1.5");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("jitter must be within [0, 1]: NaN");
  }

  @Test
  void retryOn_null() {
    assertThatThrownBy(() -> RetryPolicy.builder().retryOn(null))
        .isInstanceOf(NullPointerException.class).hasMessage("retryOn predicate cannot be null");
  }

  @Test
  void abortOn_null() {
    assertThatThrownBy(() -> RetryPolicy.builder().abortOn(null))
        .isInstanceOf(NullPointerException.class).hasMessage("abortOn predicate cannot be null");
  }
}
