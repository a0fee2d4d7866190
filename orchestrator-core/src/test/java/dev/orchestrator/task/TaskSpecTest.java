package dev.orchestrator.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskSpecTest {

  private static final TaskAction NOTHING = ctx -> { };

  private static TaskSpec.Builder a() {
    return TaskSpec.builder("a");
  }

  @Test
  void build_defaults() {
    TaskSpec task = a().run(NOTHING).build();
    assertThat(task.id()).isEqualTo("a");
    assertThat(task.name()).isEqualTo("a");
    assertThat(task.type()).isEqualTo(TaskType.GENERAL);
    assertThat(task.estimate()).isEmpty();
    assertThat(task.priority()).isEqualTo(Priority.NORMAL);
    assertThat(task.isCritical()).isFalse();
    assertThat(task.isGate()).isFalse();
    assertThat(task.group()).isEmpty();
    assertThat(task.tags()).isEmpty();
    assertThat(task.dependencies()).isEmpty();
    assertThat(task.retry()).isSameAs(RetryPolicy.none());
    assertThat(task.timeout()).isEmpty();
    assertThat(task.stallTimeout()).isEmpty();
    assertThat(task.compensation()).isEmpty();
    assertThat(task).hasToString("TaskSpec[a]");
  }

  @Test
  void build_everySetting() throws Exception {
    TaskAction undo = ctx -> { };
    RetryPolicy retry = RetryPolicy.exponential(3, Duration.ofSeconds(1));
    TaskSpec task = a().name("Alpha").type(TaskType.NETWORK).estimate(Duration.ofMinutes(3))
        .priority(Priority.HIGH).group("eu").tags("ssh", "k8s", "ssh")
        .after("x", "y").after(DependencyKind.SOFT, "z").after(Dependency.data("w"))
        .retry(retry).timeout(Duration.ofMinutes(5)).stallTimeout(Duration.ofSeconds(30))
        .compensate(undo).produce(ctx -> 42).build();
    assertThat(task.name()).isEqualTo("Alpha");
    assertThat(task.type()).isEqualTo(TaskType.NETWORK);
    assertThat(task.estimate()).contains(Duration.ofMinutes(3));
    assertThat(task.priority()).isEqualTo(Priority.HIGH);
    assertThat(task.group()).contains("eu");
    assertThat(task.tags()).containsExactly("ssh", "k8s");
    assertThat(task.dependencies()).containsExactly(Dependency.hard("x"), Dependency.hard("y"),
        Dependency.soft("z"), Dependency.data("w"));
    assertThat(task.retry()).isSameAs(retry);
    assertThat(task.timeout()).contains(Duration.ofMinutes(5));
    assertThat(task.stallTimeout()).contains(Duration.ofSeconds(30));
    assertThat(task.compensation()).containsSame(undo);
    assertThat(task.action().apply(null)).isEqualTo(42);
  }

  @Test
  void run_actionReturnsNull() throws Exception {
    int[] ran = {0};
    TaskSpec task = a().run(ctx -> ran[0]++).build();
    assertThat(task.action().apply(null)).isNull();
    assertThat(ran[0]).isEqualTo(1);
  }

  @Test
  void critical_setsCriticalPriority() {
    TaskSpec task = a().critical().run(NOTHING).build();
    assertThat(task.isCritical()).isTrue();
    assertThat(task.priority()).isEqualTo(Priority.CRITICAL);
  }

  @Test
  void gate_zeroEstimateAndCheckAsAction() throws Exception {
    TaskSpec gate = TaskSpec.gate("g", ctx -> false).after("a").build();
    assertThat(gate.isGate()).isTrue();
    assertThat(gate.estimate()).contains(Duration.ZERO);
    assertThat(gate.action().apply(null)).isEqualTo(false);
    assertThat(gate.dependencies()).containsExactly(Dependency.hard("a"));
  }

  @Test
  void build_copiesState() {
    TaskSpec.Builder builder = a().tags("x").after("b").run(NOTHING);
    TaskSpec first = builder.build();
    builder.tags("y").after("c");
    assertThat(first.tags()).containsExactly("x");
    assertThat(first.dependencies()).containsExactly(Dependency.hard("b"));
    assertThat(builder.build().dependencies()).hasSize(2);
  }

  @Test
  void collections_areUnmodifiable() {
    TaskSpec task = a().tags("x").after("b").run(NOTHING).build();
    assertThatThrownBy(() -> task.tags().add("y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> task.dependencies().add(Dependency.hard("c")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toBuilder_copiesEverything() {
    TaskSpec task = a().name("Alpha").type(TaskType.MICRO).estimate(Duration.ofSeconds(2)).critical()
        .group("g").tags("t").after("b").timeout(Duration.ofSeconds(9))
        .stallTimeout(Duration.ofSeconds(3)).compensate(NOTHING).run(NOTHING).build();
    TaskSpec copy = task.toBuilder().id("a2").build();
    assertThat(copy.id()).isEqualTo("a2");
    assertThat(copy.name()).isEqualTo("Alpha");
    assertThat(copy).usingRecursiveComparison().ignoringFields("id").isEqualTo(task);
    TaskSpec unnamed = a().run(NOTHING).build().toBuilder().id("b").build();
    assertThat(unnamed.name()).isEqualTo("b");
    assertThat(task.toBuilder().clearDependencies().build().dependencies()).isEmpty();
  }

  @Test
  void builder_id() {
    assertThat(a().id()).isEqualTo("a");
    assertThat(a().id("b").id()).isEqualTo("b");
  }

  // ------------------------------------------------------------------------------- checks

  @Test
  void builder_nullId() {
    assertThatThrownBy(() -> TaskSpec.builder(null))
        .isInstanceOf(NullPointerException.class).hasMessage("task id cannot be null");
  }

  @Test
  void builder_blankId() {
    assertThatThrownBy(() -> TaskSpec.builder(" \t"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("task id cannot be blank");
  }

  @Test
  void builder_tooLongId() {
    String id = "x".repeat(TaskSpec.MAX_ID_LENGTH + 1);
    assertThatThrownBy(() -> TaskSpec.builder(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task id '" + "x".repeat(40) + "...' is 257 characters long; the limit is 256");
    assertThat(TaskSpec.builder("y".repeat(TaskSpec.MAX_ID_LENGTH)).id()).hasSize(256);
  }

  @Test
  void builder_controlCharacterInId() {
    assertThatThrownBy(() -> TaskSpec.builder("a\nb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task id 'a?b' contains a control character at index 1");
  }

  @Test
  void id_invalid() {
    assertThatThrownBy(() -> a().id(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("task id cannot be blank");
  }

  @Test
  void name_null() {
    assertThatThrownBy(() -> a().name(null))
        .isInstanceOf(NullPointerException.class).hasMessage("task 'a': name cannot be null");
  }

  @Test
  void type_null() {
    assertThatThrownBy(() -> a().type(null))
        .isInstanceOf(NullPointerException.class).hasMessage("task 'a': type cannot be null");
  }

  @Test
  void estimate_null() {
    assertThatThrownBy(() -> a().estimate(null))
        .isInstanceOf(NullPointerException.class).hasMessage("task 'a': estimate cannot be null");
  }

  @Test
  void estimate_negative() {
    assertThatThrownBy(() -> a().estimate(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 'a': estimate cannot be negative: PT-1S");
  }

  @Test
  void estimate_zeroAllowed() {
    assertThat(a().estimate(Duration.ZERO).run(NOTHING).build().estimate()).contains(Duration.ZERO);
  }

  @Test
  void priority_null() {
    assertThatThrownBy(() -> a().priority(null))
        .isInstanceOf(NullPointerException.class).hasMessage("task 'a': priority cannot be null");
  }

  @Test
  void group_null() {
    assertThatThrownBy(() -> a().group(null))
        .isInstanceOf(NullPointerException.class).hasMessage("task 'a': group cannot be null");
  }

  @Test
  void group_blank() {
    assertThatThrownBy(() -> a().group(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("task 'a': group cannot be blank");
  }

  @Test
  void tags_nullArray() {
    assertThatThrownBy(() -> a().tags((String[]) null))
        .isInstanceOf(NullPointerException.class).hasMessage("task 'a': tags cannot be null");
  }

  @Test
  void tags_nullTag() {
    assertThatThrownBy(() -> a().tags("x", null))
        .isInstanceOf(NullPointerException.class).hasMessage("task 'a': tag cannot be null");
  }

  @Test
  void tags_blankTag() {
    assertThatThrownBy(() -> a().tags(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("task 'a': tag cannot be blank");
  }

  @Test
  void after_nullKind() {
    assertThatThrownBy(() -> a().after((DependencyKind) null, "b"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("task 'a': dependency kind cannot be null");
  }

  @Test
  void after_nullIds() {
    assertThatThrownBy(() -> a().after((String[]) null))
        .isInstanceOf(NullPointerException.class).hasMessage("task 'a': dependency ids cannot be null");
  }

  @Test
  void after_nullId() {
    assertThatThrownBy(() -> a().after("b", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 'a': dependency id cannot be null");
  }

  @Test
  void after_blankId() {
    assertThatThrownBy(() -> a().after(DependencyKind.DATA, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 'a': dependency id cannot be blank");
  }

  @Test
  void after_nullDependency() {
    assertThatThrownBy(() -> a().after((Dependency) null))
        .isInstanceOf(NullPointerException.class).hasMessage("task 'a': dependency cannot be null");
  }

  @Test
  void run_null() {
    assertThatThrownBy(() -> a().run(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("task 'a': action cannot be null");
  }

  @Test
  void produce_null() {
    assertThatThrownBy(() -> a().produce(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("task 'a': action cannot be null");
  }

  @Test
  void run_twice() {
    assertThatThrownBy(() -> a().run(NOTHING).produce(ctx -> 1))
        .isInstanceOf(IllegalStateException.class).hasMessage("task 'a': action was already set");
  }

  @Test
  void run_onGate() {
    assertThatThrownBy(() -> TaskSpec.gate("g", ctx -> true).run(NOTHING))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("task 'g': action was already set (a gate's action is its check)");
  }

  @Test
  void gate_nullCheck() {
    assertThatThrownBy(() -> TaskSpec.gate("g", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("gate 'g': check cannot be null");
  }

  @Test
  void gate_invalidId() {
    assertThatThrownBy(() -> TaskSpec.gate(null, ctx -> true))
        .isInstanceOf(NullPointerException.class).hasMessage("task id cannot be null");
  }

  @Test
  void retry_null() {
    assertThatThrownBy(() -> a().retry(null))
        .isInstanceOf(NullPointerException.class).hasMessage("task 'a': retry policy cannot be null");
  }

  @Test
  void timeout_null() {
    assertThatThrownBy(() -> a().timeout(null))
        .isInstanceOf(NullPointerException.class).hasMessage("task 'a': timeout cannot be null");
  }

  @Test
  void timeout_zero() {
    assertThatThrownBy(() -> a().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 'a': timeout must be positive: PT0S");
  }

  @Test
  void timeout_negative() {
    assertThatThrownBy(() -> a().timeout(Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 'a': timeout must be positive: PT-0.005S");
  }

  @Test
  void stallTimeout_null() {
    assertThatThrownBy(() -> a().stallTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("task 'a': stall timeout cannot be null");
  }

  @Test
  void stallTimeout_zero() {
    assertThatThrownBy(() -> a().stallTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 'a': stall timeout must be positive: PT0S");
  }

  @Test
  void compensate_null() {
    assertThatThrownBy(() -> a().compensate(null))
        .isInstanceOf(NullPointerException.class).hasMessage("task 'a': compensation cannot be null");
  }

  @Test
  void build_withoutAction() {
    assertThatThrownBy(() -> a().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 'a' has no action: call run(...) or produce(...)");
  }

  // ------------------------------------------------------------------------- small values

  @Test
  void dependency_checks() {
    assertThatThrownBy(() -> new Dependency(null, DependencyKind.HARD))
        .isInstanceOf(NullPointerException.class).hasMessage("dependency id cannot be null");
    assertThatThrownBy(() -> new Dependency("a", null))
        .isInstanceOf(NullPointerException.class).hasMessage("dependency kind cannot be null");
    assertThatThrownBy(() -> new Dependency(" ", DependencyKind.HARD))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("dependency id cannot be blank");
    assertThat(Dependency.data("x")).isEqualTo(new Dependency("x", DependencyKind.DATA));
  }

  @Test
  void priority_boosted_neverCritical() {
    assertThat(Priority.LOW.boosted()).isEqualTo(Priority.NORMAL);
    assertThat(Priority.NORMAL.boosted()).isEqualTo(Priority.HIGH);
    assertThat(Priority.HIGH.boosted()).isEqualTo(Priority.HIGH);
    assertThat(Priority.CRITICAL.boosted()).isEqualTo(Priority.CRITICAL);
  }

  @Test
  void taskType_of() {
    assertThat(TaskType.of("FILE_IO")).isSameAs(TaskType.FILE_IO);
    assertThat(TaskType.of(" Api-Call ")).isSameAs(TaskType.API_CALL);
    TaskType llm = TaskType.of("LLM_call");
    assertThat(llm.name()).isEqualTo("llm-call");
    assertThat(llm).isEqualTo(TaskType.of("llm-call")).hasSameHashCodeAs(TaskType.of("llm-call"));
    assertThat(llm.isBuiltIn()).isFalse();
    assertThat(TaskType.GENERAL.isBuiltIn()).isTrue();
    assertThat(llm).hasToString("llm-call");
    assertThat(TaskType.builtIns()).hasSize(7).first().isSameAs(TaskType.FILE_IO);
    assertThat(TaskType.of("a").compareTo(TaskType.of("b"))).isNegative();
  }

  @Test
  void taskType_null() {
    assertThatThrownBy(() -> TaskType.of(null))
        .isInstanceOf(NullPointerException.class).hasMessage("task type name cannot be null");
  }

  @Test
  void taskType_invalid() {
    assertThatThrownBy(() -> TaskType.of("-x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task type name '-x' must start with a letter or digit and contain only letters,"
            + " digits, '.', ':' or '-'");
    assertThatThrownBy(() -> TaskType.of(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task type name '' must start with a letter or digit and contain only letters,"
            + " digits, '.', ':' or '-'");
  }
}
