package dev.orchestrator.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class AgentSearchTest {

  /** W ÷ n + s × n: the best n is √(W ÷ s). */
  private static IntToDoubleFunction smooth(double work, double perAgent) {
    return n -> work / n + perAgent * n;
  }

  @Test
  void exhaustive_smallestWithinTolerance() {
    AgentSearch.Result r = AgentSearch.exhaustive(10_000, 0.02, smooth(1e6, 1));
    assertThat(r.best()).isEqualTo(1_000);
    assertThat(r.bestTime()).isEqualTo(2_000);
    // x + 1/x ≤ 2.04 for x = n ÷ 1,000 from x = 0.819 on; at 819 it is 2,040.001
    assertThat(r.chosen()).isEqualTo(820);
    assertThat(r.chosenTime()).isLessThanOrEqualTo(2_040);
    assertThat(r.exact()).isTrue();
  }

  @Test
  void exhaustive_zeroToleranceIsTheBest() {
    assertThat(AgentSearch.exhaustive(10_000, 0, smooth(1e6, 1)).chosen()).isEqualTo(1_000);
  }

  @Test
  void exhaustive_capBelowTheBest() {
    AgentSearch.Result r = AgentSearch.exhaustive(300, 0.02, smooth(1e6, 1));
    assertThat(r.best()).isEqualTo(300);
    assertThat(r.chosen()).isEqualTo(293); // 1e6 ÷ 293 + 293 = 3,705.97 ≤ 1.02 × 3,633.3
  }

  @Test
  void gridThenRefine_findsTheSmoothAnswerWithFewCalls() {
    AtomicInteger calls = new AtomicInteger();
    IntToDoubleFunction f = smooth(1e10, 1);
    AgentSearch.Result r = AgentSearch.gridThenRefine(1_000_000, 0.02, 48, n -> {
      calls.incrementAndGet();
      return f.applyAsDouble(n);
    });
    AgentSearch.Result exact = AgentSearch.exhaustive(1_000_000, 0.02, f);
    assertThat(r.bestTime()).isLessThanOrEqualTo(exact.bestTime() * 1.002); // pinned to tol ÷ 10
    assertThat(r.chosenTime()).isLessThanOrEqualTo(exact.bestTime() * 1.02 * 1.002);
    assertThat(r.chosen()).isBetween(exact.chosen() - exact.chosen() / 500,
        exact.chosen() + exact.chosen() / 500);
    assertThat(r.exact()).isFalse();
    assertThat(calls.get()).isEqualTo(r.evaluations()).isLessThanOrEqualTo(57 + 48);
  }

  @Test
  void gridThenRefine_smallCap() {
    AgentSearch.Result r = AgentSearch.gridThenRefine(5, 0.02, 10, n -> 10.0 / n);
    assertThat(r.chosen()).isEqualTo(5);
    assertThat(r.evaluations()).isEqualTo(5);
  }

  @Test
  void gridThenRefine_flatFunctionTakesOne() {
    AgentSearch.Result r = AgentSearch.gridThenRefine(1_000, 0.02, 10, n -> 42.0);
    assertThat(r.chosen()).isEqualTo(1);
  }
}
