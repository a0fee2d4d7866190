package dev.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureAdaptationTest {

  @Test
  void defaults_areTheDocumentedOnes() {
    FailureAdaptation d = FailureAdaptation.defaults();
    assertThat(d.enabled()).isTrue();
    assertThat(d.reduceAt()).isEqualTo(0.01);
    assertThat(d.analyseAt()).isEqualTo(0.05);
    assertThat(d.fallbackAt()).isEqualTo(0.10);
    assertThat(d.reduceFactor()).isEqualTo(0.75);
    assertThat(d.window()).isEqualTo(200);
    assertThat(d.minSample()).isEqualTo(100);
    assertThat(d.fallbackPool(1000)).isEqualTo(50);
    assertThat(d.fallbackPool(100)).isEqualTo(1);
    assertThat(d.improvementRequired()).isEqualTo(0.5);
    assertThat(FailureAdaptation.none().enabled()).isFalse();
    assertThat(FailureAdaptation.none()).hasToString("FailureAdaptation[disabled]");
    assertThat(d).hasToString("FailureAdaptation[window=200, minSample=100, reduceAt=0.01,"
        + " analyseAt=0.05, fallbackAt=0.1, reduceFactor=0.75, moderatePool=50 above 100]");
  }

  @Test
  void toBuilder_copiesEverySetting() {
    FailureAdaptation a = FailureAdaptation.builder().window(50).minSample(10)
        .thresholds(0.02, 0.2, 0.3).reduceFactor(0.5).moderatePool(5, 10).minFailures(2)
        .systematic(0.8, 4).analysisGrace(Duration.ofMillis(5)).rollback(false)
        .compensationTimeout(Duration.ofSeconds(3)).improvementRequired(0.8).build();
    FailureAdaptation b = a.toBuilder().build();
    assertThat(b).usingRecursiveComparison().isEqualTo(a);
  }

  @Test
  void builder_badValues_areRejectedWithTheSettingAndValue() {
    FailureAdaptation.Builder b = FailureAdaptation.builder();
    assertThatThrownBy(() -> b.window(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failure window must be >= 1 attempt: 0");
    assertThatThrownBy(() -> b.minSample(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minimum sample must be >= 1 attempt: -1");
    assertThatThrownBy(() -> b.thresholds(0, 0.05, 0.1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reduce-at rate must be within (0, 1]: 0.0");
    assertThatThrownBy(() -> b.thresholds(0.01, Double.NaN, 0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("analyse-at rate must be > 0: NaN");
    assertThatThrownBy(() -> b.thresholds(0.01, 0.05, 1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fallback-at rate must be within (0, 1]: 1.5");
    assertThatThrownBy(() -> b.reduceFactor(1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reduce factor must be within (0, 1): 1.0");
    assertThatThrownBy(() -> b.moderatePool(0, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("moderate pool must be >= 1 agent: 0");
    assertThatThrownBy(() -> b.moderatePool(20, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("moderate pool threshold must be >= the moderate pool: 10 < 20");
    assertThatThrownBy(() -> b.minFailures(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minimum failures must be >= 1: 0");
    assertThatThrownBy(() -> b.systematic(1.1, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("systematic share must be within (0, 1]: 1.1");
    assertThatThrownBy(() -> b.systematic(0.9, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("systematic streak must be >= 1 attempt: 0");
    assertThatThrownBy(() -> b.analysisGrace(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("analysis grace cannot be null");
    assertThatThrownBy(() -> b.analysisGrace(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("analysis grace cannot be negative: PT-1S");
    assertThatThrownBy(() -> b.compensationTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("compensation timeout must be positive: PT0S");
    assertThatThrownBy(() -> b.compensationTimeout(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("compensation timeout cannot be null");
    assertThatThrownBy(() -> b.improvementRequired(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("improvement required must be within (0, 1]: 0.0");
  }

  @Test
  void build_conflictingSettings_areRejected() {
    assertThatThrownBy(() -> FailureAdaptation.builder().window(10).minSample(20).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("minimum sample (20) cannot exceed the failure window (10)");
    assertThatThrownBy(() -> FailureAdaptation.builder().thresholds(0.2, 0.05, 0.1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("reduce-at rate (0.2) cannot exceed the fallback-at rate (0.1)");
  }

  @Test
  void runOptions_failureAdaptation_nullIsRejected() {
    assertThatThrownBy(() -> RunOptions.builder().failureAdaptation(null))
        .isInstanceOf(NullPointerException.class).hasMessage("failure adaptation cannot be null");
    assertThat(RunOptions.builder().build().failureAdaptation()).isSameAs(FailureAdaptation.defaults());
  }
}
