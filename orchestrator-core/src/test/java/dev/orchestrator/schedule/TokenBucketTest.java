package dev.orchestrator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void take_burstOneIsPacedEvenly() {
    TokenBucket bucket = new TokenBucket(300, SECOND, 1);
    long now = 5 * SECOND;
    int taken = 0;
    // Take whenever allowed over one virtual second: 300 permits, one every 1/300 s.
    while (now < 6 * SECOND) {
      long at = bucket.availableAt(1);
      now = Math.max(now, at);
      if (now >= 6 * SECOND) {
        break;
      }
      assertThat(bucket.admits(1, now)).isTrue();
      bucket.take(1, now);
      taken++;
    }
    assertThat(taken).isEqualTo(300);
  }

  @Test
  void availableAt_nextPermitOnePeriodOverPermitsLater() {
    TokenBucket bucket = new TokenBucket(4, SECOND, 1);
    bucket.take(1, 0);
    assertThat(bucket.admits(1, 0)).isFalse();
    assertThat(bucket.availableAt(1)).isEqualTo(SECOND / 4);
    assertThat(bucket.admits(1, SECOND / 4 - 1)).isFalse();
    assertThat(bucket.admits(1, SECOND / 4)).isTrue();
  }

  @Test
  void take_burstAdmitsThatManyAtOnceAfterIdleTime() {
    TokenBucket bucket = new TokenBucket(10, SECOND, 5);
    long now = 100 * SECOND;
    for (int i = 0; i < 5; i++) {
      assertThat(bucket.admits(1, now)).as("permit %d", i).isTrue();
      bucket.take(1, now);
    }
    assertThat(bucket.admits(1, now)).isFalse();
    assertThat(bucket.availableAt(1)).isEqualTo(now + SECOND / 10);
  }

  @Test
  void take_weightedPermitsAboveTheBurstStartWhenFullAndLeaveDebt() {
    TokenBucket bucket = new TokenBucket(1_000, SECOND, 100);
    // 500 permits at once: admitted on a full bucket, then nothing until the debt is paid.
    assertThat(bucket.admits(500, 0)).isTrue();
    bucket.take(500, 0);
    assertThat(bucket.admits(1, SECOND / 2 - SECOND / 10)).isFalse();
    // At 0.5 s the 500 are paid for; the bucket then holds one permit's worth, after 0.6 s 100.
    assertThat(bucket.availableAt(1)).isEqualTo(SECOND * 400 / 1_000 + SECOND / 1_000);
    assertThat(bucket.availableAt(100)).isEqualTo(SECOND / 2);
  }

  @Test
  void availableAt_hugeRateHoldsAHundredMicrosecondsOfPermits() {
    TokenBucket bucket = new TokenBucket(1_000_000_000L, SECOND, 1);
    for (int i = 0; i < 100_000; i++) {
      assertThat(bucket.admits(1, 7)).isTrue();
      bucket.take(1, 7);
    }
    assertThat(bucket.admits(1, 7)).isFalse();
    assertThat(bucket.availableAt(1)).isEqualTo(8);
  }

  @Test
  void setRate_changesThePace() {
    TokenBucket bucket = new TokenBucket(1, SECOND, 1);
    bucket.setRate(100);
    bucket.take(1, 0);
    assertThat(bucket.availableAt(1)).isEqualTo(SECOND / 100);
  }

  @Test
  void constructor_rejectsNonPositiveFigures() {
    assertThatThrownBy(() -> new TokenBucket(0, SECOND, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token bucket needs positive figures: 0/1000000000ns, burst 1");
  }
}
