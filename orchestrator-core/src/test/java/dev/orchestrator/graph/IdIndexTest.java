package dev.orchestrator.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.internal.Format;
import org.junit.jupiter.api.Test;

class IdIndexTest {

  @Test
  void putIfAbsent_get() {
    IdIndex index = new IdIndex(1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(index.putIfAbsent("t" + i, i)).isEqualTo(-1);
    }
    for (int i = 0; i < 1000; i++) {
      assertThat(index.get("t" + i)).isEqualTo(i);
    }
    assertThat(index.get("t1000")).isEqualTo(-1);
    assertThat(index.putIfAbsent("t7", 99)).isEqualTo(7);
    assertThat(index.get("t7")).isEqualTo(7);
    assertThat(index.size()).isEqualTo(1000);
    assertThat(index.load()).isLessThanOrEqualTo(0.5);
  }

  @Test
  void putIfAbsent_full() {
    IdIndex index = new IdIndex(1); // capacity 8, at most half full
    for (String id : new String[] {"a", "b", "c", "d"}) {
      index.putIfAbsent(id, 0);
    }
    assertThatThrownBy(() -> index.putIfAbsent("e", 4))
        .isInstanceOf(IllegalStateException.class).hasMessage("id index is full: 4 ids");
    assertThat(index).hasToString("IdIndex[size=4, capacity=8]");
  }

  @Test
  void get_collidingHashes() {
    IdIndex index = new IdIndex(4);
    // "Aa" and "BB" have the same String hash code.
    index.putIfAbsent("Aa", 0);
    index.putIfAbsent("BB", 1);
    assertThat(index.get("Aa")).isZero();
    assertThat(index.get("BB")).isEqualTo(1);
  }

  @Test
  void format_readable() {
    assertThat(Format.count(10_000)).isEqualTo("10,000");
    assertThat(Format.decimal(1234.56)).isEqualTo("1,234.6");
    assertThat(Format.decimal(Double.POSITIVE_INFINITY)).isEqualTo("∞");
    assertThat(Format.decimal(Double.NaN)).isEqualTo("n/a");
    assertThat(Format.percent(0.877)).isEqualTo("87.7 %");
    assertThat(Format.nanos(0)).isEqualTo("0 s");
    assertThat(Format.nanos(999)).isEqualTo("999 ns");
    assertThat(Format.nanos(350_000_000)).isEqualTo("350 ms");
    assertThat(Format.nanos(2_500_000_000L)).isEqualTo("2.5 s");
    assertThat(Format.nanos(180_000_000_000L)).isEqualTo("3 min");
    assertThat(Format.nanos(-2_000_000_000L)).isEqualTo("-2 s");
    assertThat(Format.duration(java.time.Duration.ofDays(20))).isEqualTo("20 days");
  }
}
