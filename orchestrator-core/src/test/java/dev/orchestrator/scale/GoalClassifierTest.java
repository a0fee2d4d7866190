package dev.orchestrator.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.task.TaskType;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GoalClassifierTest {

  static Stream<Arguments> scenarioGoals() {
    return Stream.of(
        Arguments.of("Deploy new Docker image to all 10,000 production servers across 5 regions"
                + " with health checks, smoke tests, and automatic rollback on any failures",
            TaskType.DEPLOYMENT, 10_000L, null, EnumSet.of(CriticalOperation.PRODUCTION_DEPLOY),
            "Massive parallel deployment"),
        Arguments.of("Rename 1 million image files to follow new naming convention (simple"
                + " find-and-replace in filename)",
            TaskType.FILE_IO, 1_000_000L, null, EnumSet.noneOf(CriticalOperation.class),
            "Mass file operations (IOPS-limited)"),
        Arguments.of("Execute the task of cleaning up and enhancing navigability of this repo"
                + " using 50 parallel agents",
            null, null, 50, EnumSet.noneOf(CriticalOperation.class), "Repository maintenance"),
        Arguments.of("Fix the authentication bug where users can't log in after password reset."
                + " Debug, fix, test, and document.",
            null, null, null, EnumSet.noneOf(CriticalOperation.class),
            "Bug fix (high dependencies)"),
        Arguments.of("Call the pricing API for all 1,000 products, 5 minutes each",
            TaskType.API_CALL, 1_000L, null, EnumSet.noneOf(CriticalOperation.class),
            "API calls (rate-limited)"),
        Arguments.of("Back up the database, run the schema migration, then make the final commit",
            null, null, null,
            EnumSet.of(CriticalOperation.BACKUP, CriticalOperation.MIGRATION,
                CriticalOperation.FINAL_COMMIT),
            "General work"),
        Arguments.of("Run 5,000 micro-tasks of 6 seconds each", TaskType.MICRO, 5_000L, null,
            EnumSet.noneOf(CriticalOperation.class), "Micro-operations (overhead-sensitive)"),
        Arguments.of("Render a thousand frames with 4 workers", TaskType.COMPUTATION, 1_000L, 4,
            EnumSet.noneOf(CriticalOperation.class), "Computation (CPU-bound)"),
        Arguments.of("Download 2.5k reports over 3 hours, 10% at a time", TaskType.NETWORK,
            2_500L, null, EnumSet.noneOf(CriticalOperation.class), "Network operations"),
        Arguments.of("Roll release 2.4.0 out to 24 servers in 4 regions behind a canary, with a"
                + " database backup first", TaskType.DEPLOYMENT, 24L, null,
            EnumSet.of(CriticalOperation.BACKUP), "Deployment"),
        Arguments.of("Enroll 300 students; roll the dice without cheating", null, 300L, null,
            EnumSet.noneOf(CriticalOperation.class), "General work"),
        Arguments.of("Think about the roadmap", null, null, null,
            EnumSet.noneOf(CriticalOperation.class), "General work"));
  }

  @ParameterizedTest
  @MethodSource("scenarioGoals")
  void classify_goals(String goal, TaskType type, Long items, Integer agents,
      Set<CriticalOperation> critical, String pattern) {
    GoalClassification c = GoalClassifier.classify(goal);
    assertThat(c.taskType().orElse(null)).isEqualTo(type);
    assertThat(c.itemCount().isPresent() ? c.itemCount().getAsLong() : null).isEqualTo(items);
    assertThat(c.requestedAgents().isPresent() ? c.requestedAgents().getAsInt() : null)
        .isEqualTo(agents);
    assertThat(c.criticalOperations()).isEqualTo(critical);
    assertThat(c.pattern()).isEqualTo(pattern);
    assertThat(c.goal()).isEqualTo(goal);
  }

  @Test
  void classify_evidenceNamesTheWords() {
    GoalClassification c = GoalClassifier.classify("Rename 1 million image files");
    assertThat(c.evidence()).containsExactly(
        "'Rename' → task type file-io",
        "'1 million' → 1,000,000 items (the largest count)");
  }

  @Test
  void classify_patternEvidence() {
    assertThat(GoalClassifier.classify("Fix the login bug").evidence())
        .containsExactly("'Fix' → pattern Bug fix");
    assertThat(GoalClassifier.classify("Clean up this repo using 50 parallel agents").evidence())
        .containsExactly("'50 …agents' → 50 agents requested",
            "'Clean up' → pattern Repository maintenance");
  }

  @Test
  void classify_laterRulesRecordedAsLosing() {
    GoalClassification c = GoalClassifier.classify("Deploy the config files to every host");
    assertThat(c.taskType()).contains(TaskType.DEPLOYMENT);
    assertThat(c.evidence()).contains("'files' would say file-io (an earlier rule won)");
  }

  @Test
  void explanation_saysItIsRules() {
    GoalClassification c = GoalClassifier.classify("Rename 1 million image files");
    assertThat(c.explanation().render()).isEqualTo("""
        Goal (read by keyword rules, not understood): "Rename 1 million image files"
        ├─ Reads as: Mass file operations (IOPS-limited)
        ├─ Task type: file-io
        ├─ Items: 1,000,000
        └─ Rules matched:
           ├─ 'Rename' → task type file-io
           └─ '1 million' → 1,000,000 items (the largest count)
        """);
  }
}
