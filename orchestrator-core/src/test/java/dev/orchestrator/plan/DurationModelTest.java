package dev.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.task.TaskSpec;
import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one duration model: which duration each task gets, and how the preview labels it. */
class DurationModelTest {

  private static TaskSpec task(String id, Long estimateMillis, TaskType type, String... after) {
    TaskSpec.Builder b = TaskSpec.builder(id).type(type).after(after).run(ctx -> { });
    if (estimateMillis != null) {
      b.estimate(Duration.ofMillis(estimateMillis));
    }
    return b.build();
  }

  /** Learned: task "fetch-1" 50 ms, pattern "fetch-#" 30 ms, type network 70 ms. */
  private static final LearnedDurations LEARNED = new LearnedDurations() {
    @Override
    public Optional<Duration> forTask(String taskId) {
      return taskId.equals("fetch-1") ? Optional.of(Duration.ofMillis(50)) : Optional.empty();
    }

    @Override
    public Optional<Duration> forPattern(String pattern) {
      return pattern.equals("fetch-#") ? Optional.of(Duration.ofMillis(30)) : Optional.empty();
    }

    @Override
    public Optional<Duration> forType(TaskType type) {
      return type.equals(TaskType.NETWORK) ? Optional.of(Duration.ofMillis(70)) : Optional.empty();
    }
  };

  private static Plan plan() {
    return Plan.builder("fetch")
        .add(task("fetch-1", 10L, TaskType.NETWORK))          // learned for the task beats its estimate
        .add(task("fetch-2", 10L, TaskType.NETWORK))          // the pattern beats its estimate
        .add(task("setup", 20L, TaskType.NETWORK))            // estimate beats the type
        .add(task("probe", null, TaskType.NETWORK))           // the type fills in
        .add(task("report", null, TaskType.GENERAL, "fetch-1")) // nothing known: the default
        .build();
  }

  @Test
  void withLearnedDurations_precedenceTaskPatternEstimateTypeDefault() {
    Plan learned = plan().withLearnedDurations(LEARNED);

    assertThat(learned.durationOf("fetch-1")).isEqualTo(Duration.ofMillis(50));
    assertThat(learned.durationSource("fetch-1")).isEqualTo(DurationSource.LEARNED_TASK);
    assertThat(learned.durationOf("fetch-2")).isEqualTo(Duration.ofMillis(30));
    assertThat(learned.durationSource("fetch-2")).isEqualTo(DurationSource.LEARNED_PATTERN);
    assertThat(learned.durationOf("setup")).isEqualTo(Duration.ofMillis(20));
    assertThat(learned.durationSource("setup")).isEqualTo(DurationSource.ESTIMATE);
    assertThat(learned.durationOf("probe")).isEqualTo(Duration.ofMillis(70));
    assertThat(learned.durationSource("probe")).isEqualTo(DurationSource.LEARNED_TYPE);
    assertThat(learned.durationOf("report")).isEqualTo(Plan.DEFAULT_ESTIMATE);
    assertThat(learned.durationSource("report")).isEqualTo(DurationSource.DEFAULT);
  }

  @Test
  void withLearnedDurations_analysisFollowsTheLearnedDurations() {
    Plan learned = plan().withLearnedDurations(LEARNED);

    assertThat(learned.analysis().totalWork()).isEqualTo(Duration.ofMillis(50 + 30 + 20 + 70 + 1_000));
    assertThat(learned.analysis().criticalPathLength()).isEqualTo(Duration.ofMillis(1_050));
    assertThat(learned.analysis().tasksWithoutEstimate()).isEqualTo(1);
    assertThat(learned.durationSources()).containsExactly(
        Map.entry(DurationSource.ESTIMATE, 1), Map.entry(DurationSource.LEARNED_TASK, 1),
        Map.entry(DurationSource.LEARNED_PATTERN, 1), Map.entry(DurationSource.LEARNED_TYPE, 1),
        Map.entry(DurationSource.DEFAULT, 1));
  }

  @Test
  void withLearnedDurations_nothingLearned_keepsThePlan() {
    Plan plan = plan();

    assertThat(plan.withLearnedDurations(LearnedDurations.none())).isSameAs(plan);
    assertThat(plan.durationSource("report")).isEqualTo(DurationSource.DEFAULT);
    assertThat(plan.durationSource("setup")).isEqualTo(DurationSource.ESTIMATE);
  }

  @Test
  void patternOf_replacesEveryRunOfDigits() {
    assertThat(LearnedDurations.patternOf("deploy-srv-00017")).isEqualTo("deploy-srv-#");
    assertThat(LearnedDurations.patternOf("fetch-607")).isEqualTo("fetch-#");
    assertThat(LearnedDurations.patternOf("t1/child-2")).isEqualTo("t#/child-#");
    assertThat(LearnedDurations.patternOf("report")).isEqualTo("report");
  }

  @Test
  void explain_labelsEachSourceAndWarnsAboutDefaults() {
    String preview = plan().withLearnedDurations(LEARNED).explain();

    assertThat(preview).contains("Durations: 1 estimated · 1 learned for the task · 1 learned for"
        + " the name pattern · 1 learned for the type · 1 default (1 s each)\n");
    assertThat(preview).contains("WARNING: 1 of 5 tasks has no estimate and nothing learned: each"
        + " counts as the default 1 s, and the agent count and the times below rest on it; give"
        + " them estimates or run once with a history\n");
  }

  @Test
  void explain_noDefaults_noWarning() {
    Plan plan = Plan.builder("p").add(task("a", 10L, TaskType.GENERAL)).build();

    assertThat(plan.explain()).contains("Durations: 1 estimated\n").doesNotContain("WARNING");
  }
}
