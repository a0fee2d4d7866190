package dev.orchestrator.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutionHistoryTest {

  @Test
  void isSimilarTo_sameTypeWithinTwentyPercent() {
    PastRun run = new PastRun(TaskType.FILE_IO, 1_000, 50, Duration.ofMinutes(3));
    assertThat(run.isSimilarTo(TaskType.FILE_IO, 1_000)).isTrue();
    assertThat(run.isSimilarTo(TaskType.FILE_IO, 834)).isTrue();   // 166 ≤ 166.8
    assertThat(run.isSimilarTo(TaskType.FILE_IO, 833)).isFalse();  // 167 > 166.6
    assertThat(run.isSimilarTo(TaskType.FILE_IO, 1_250)).isTrue(); // 250 ≤ 250
    assertThat(run.isSimilarTo(TaskType.FILE_IO, 1_251)).isFalse();
    assertThat(run.isSimilarTo(TaskType.GENERAL, 1_000)).isFalse();
  }

  @Test
  void makespanScaledTo() {
    PastRun run = new PastRun(TaskType.FILE_IO, 1_000, 50, Duration.ofMinutes(3));
    assertThat(run.makespanScaledTo(500)).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void pastRun_validation() {
    assertThatThrownBy(() -> new PastRun(TaskType.MICRO, 0, 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("past run task count must be >= 1: 0");
    assertThatThrownBy(() -> new PastRun(TaskType.MICRO, 1, 0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("past run agents must be >= 1: 0");
    assertThatThrownBy(() -> new PastRun(TaskType.MICRO, 1, 1, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("past run makespan cannot be negative: PT-1S");
    assertThatThrownBy(() -> new PastRun(null, 1, 1, Duration.ZERO))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("type cannot be null");
  }

  @Test
  void of_filtersSimilarRuns() {
    PastRun near = new PastRun(TaskType.FILE_IO, 1_100, 50, Duration.ofMinutes(3));
    PastRun far = new PastRun(TaskType.FILE_IO, 5_000, 50, Duration.ofMinutes(3));
    ExecutionHistory history = ExecutionHistory.of(List.of(near, far),
        Map.of(TaskType.FILE_IO, Duration.ofSeconds(2)));
    assertThat(history.similarRuns(TaskType.FILE_IO, 1_000)).containsExactly(near);
    assertThat(history.learnedDuration(TaskType.FILE_IO)).contains(Duration.ofSeconds(2));
    assertThat(history.learnedDuration(TaskType.MICRO)).isEmpty();
  }

  @Test
  void none_isEmptyAndShared() {
    assertThat(ExecutionHistory.none()).isSameAs(ExecutionHistory.none());
    assertThat(ExecutionHistory.none().similarRuns(TaskType.FILE_IO, 10)).isEmpty();
    assertThat(ExecutionHistory.none().learnedDuration(TaskType.FILE_IO)).isEmpty();
  }
}
