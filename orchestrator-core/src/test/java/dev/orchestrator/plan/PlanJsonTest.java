package dev.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.task.Dependency;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.Priority;
import dev.orchestrator.task.RetryPolicy;
import dev.orchestrator.task.TaskAction;
import dev.orchestrator.task.TaskSpec;
import dev.orchestrator.task.TaskType;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanJsonTest {

  private static final TaskAction NOTHING = ctx -> { };

  static Plan fullPlan() {
    return Plan.builder("deploy v2")
        .goal("Deploy the new image to every region")
        .mode(ExecutionMode.SWARM)
        .concurrencyLimit(7)
        .defaultEstimate(Duration.ofSeconds(2))
        .add(TaskSpec.builder("backup").name("Back up the database").critical()
            .type(TaskType.of("db-backup")).estimate(Duration.ofMinutes(2))
            .timeout(Duration.ofMinutes(10)).stallTimeout(Duration.ofSeconds(30)).run(NOTHING).build())
        .add(TaskSpec.builder("deploy-eu").type(TaskType.DEPLOYMENT).estimate(Duration.ofMillis(1500))
            .group("eu").tags("ssh", "k8s").priority(Priority.HIGH).after("backup")
            .retry(RetryPolicy.builder().maxAttempts(4).backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .multiplier(3).jitter(0.25).build())
            .run(NOTHING).build())
        .add(TaskSpec.builder("deploy-us").type(TaskType.DEPLOYMENT).group("us")
            .after(DependencyKind.SOFT, "backup")
            .retry(RetryPolicy.builder().maxAttempts(2).delay(Duration.ofSeconds(1)).build())
            .run(NOTHING).build())
        .add(TaskSpec.gate("healthy", ctx -> true).after("deploy-eu", "deploy-us").build())
        .add(TaskSpec.builder("report").priority(Priority.LOW).after(DependencyKind.DATA, "healthy")
            .after(Dependency.soft("deploy-us")).run(NOTHING).build())
        .add(TaskSpec.builder("audit").critical().priority(Priority.HIGH).after("report").run(NOTHING)
            .build())
        .build();
  }

  static String json(Plan plan) throws IOException {
    StringWriter out = new StringWriter();
    PlanJson.write(plan, out);
    return out.toString();
  }

  static Plan read(String json) throws IOException {
    return PlanJson.read(new StringReader(json), "plan.json", ActionBinder.unbound());
  }

  @Test
  void write_read_roundTrip() throws IOException {
    Plan plan = fullPlan();
    String json = json(plan);
    Plan again = read(json);

    assertThat(again.name()).isEqualTo("deploy v2");
    assertThat(again.goal()).contains("Deploy the new image to every region");
    assertThat(again.mode()).isEqualTo(ExecutionMode.SWARM);
    assertThat(again.concurrencyLimit()).isEqualTo(7);
    assertThat(again.analysis().defaultEstimate()).isEqualTo(Duration.ofSeconds(2));
    assertThat(again.size()).isEqualTo(plan.size());
    for (int i = 0; i < plan.size(); i++) {
      TaskSpec expected = plan.tasks().get(i);
      TaskSpec actual = again.tasks().get(i);
      assertThat(actual.id()).isEqualTo(expected.id());
      assertThat(actual.name()).isEqualTo(expected.name());
      assertThat(actual.type()).isEqualTo(expected.type());
      assertThat(actual.estimate()).isEqualTo(expected.estimate());
      assertThat(actual.priority()).as(actual.id()).isEqualTo(expected.priority());
      assertThat(actual.isCritical()).isEqualTo(expected.isCritical());
      assertThat(actual.isGate()).isEqualTo(expected.isGate());
      assertThat(actual.group()).isEqualTo(expected.group());
      assertThat(actual.tags()).containsExactlyElementsOf(expected.tags());
      assertThat(actual.dependencies()).isEqualTo(expected.dependencies());
      assertThat(actual.retry().maxAttempts()).isEqualTo(expected.retry().maxAttempts());
      assertThat(actual.retry().delay()).isEqualTo(expected.retry().delay());
      assertThat(actual.retry().maxDelay()).isEqualTo(expected.retry().maxDelay());
      assertThat(actual.retry().multiplier()).isEqualTo(expected.retry().multiplier());
      assertThat(actual.retry().jitter()).isEqualTo(expected.retry().jitter());
      assertThat(actual.timeout()).isEqualTo(expected.timeout());
      assertThat(actual.stallTimeout()).isEqualTo(expected.stallTimeout());
    }
    assertThat(again.analysis().criticalPathLength()).isEqualTo(plan.analysis().criticalPathLength());
    assertThat(json(again)).isEqualTo(json);
  }

  @Test
  void write_format() throws IOException {
    Plan plan = Plan.builder("tiny")
        .add(TaskSpec.builder("a").estimate(Duration.ofMinutes(3)).run(NOTHING).build())
        .add(TaskSpec.builder("b").after("a").run(NOTHING).build())
        .build();
    assertThat(json(plan)).isEqualTo("""
        {
          "formatVersion" : 1,
          "name" : "tiny",
          "mode" : "dependency",
          "defaultEstimate" : "PT1S",
          "tasks" : [
            {
              "id" : "a",
              "type" : "general",
              "estimate" : "PT3M",
              "priority" : "normal"
            },
            {
              "id" : "b",
              "type" : "general",
              "priority" : "normal",
              "dependencies" : [
                {
                  "on" : "a",
                  "kind" : "hard"
                }
              ]
            }
          ]
        }
        """);
  }

  @Test
  void write_path_read_path(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("plan.json");
    PlanJson.write(fullPlan(), file);
    Plan again = PlanJson.read(file, ActionBinder.unbound());
    assertThat(again.size()).isEqualTo(6);
    assertThat(Files.readString(file)).startsWith("{\n  \"formatVersion\" : 1,");
  }

  @Test
  void read_bindsActionsByIdOrName() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    Plan plan = PlanJson.read(new StringReader("""
        {"formatVersion": 1, "tasks": [
          {"id": "a"},
          {"id": "b", "name": "Build"},
          {"id": "c"}
        ]}"""), "p.json", ActionBinder.byName(Map.of(
            "a", ctx -> ran.addAndGet(1),
            "Build", ctx -> ran.addAndGet(10))));
    plan.task("a").action().apply(null);
    plan.task("b").action().apply(null);
    assertThat(ran).hasValue(11);
    assertThatThrownBy(() -> plan.task("c").action().apply(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("task 'c' has no action: the plan was loaded from a file and its ActionBinder"
            + " bound nothing to this task; bind one by id or name when reading the plan");
    assertThat(plan.name()).isEqualTo("p");
  }

  @Test
  void read_shorthandsAndDefaults() throws IOException {
    Plan plan = read("""
        {"formatVersion": 1, "name": "n", "defaultEstimate": 2.5, "tasks": [
          {"id": "a", "estimate": 90},
          {"id": "b", "dependencies": ["a", {"on": "a", "kind": "Soft"}], "type": "FILE_IO"},
          {"id": "g", "gate": true, "dependencies": ["b"]}
        ]}""");
    assertThat(plan.task("a").estimate()).contains(Duration.ofSeconds(90));
    assertThat(plan.durationOf("b")).isEqualTo(Duration.ofMillis(2500));
    assertThat(plan.task("b").dependencies())
        .containsExactly(Dependency.hard("a"), Dependency.soft("a"));
    assertThat(plan.task("b").type()).isEqualTo(TaskType.FILE_IO);
    assertThat(plan.task("g").isGate()).isTrue();
    assertThat(plan.durationOf("g")).isEqualTo(Duration.ZERO);
  }

  @Test
  void read_gateOpensWhenItsBoundActionReturns() throws Exception {
    Plan plan = PlanJson.read(new StringReader("""
        {"formatVersion": 1, "tasks": [{"id": "g", "gate": true}]}"""), "p.json",
        (id, name) -> ctx -> { });
    assertThat(plan.task("g").action().apply(null)).isEqualTo(true);
  }

  /** docs/plan-format.md's full example is a valid plan that says what the document says. */
  @Test
  void read_documentedExample() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "plan-format.md"));
    String example = doc.substring(doc.indexOf("## A full example"));
    example = example.substring(example.indexOf("```json") + 7, example.indexOf("```", example.indexOf("```json") + 7));
    Plan plan = read(example);
    Plan full = fullPlan();
    assertThat(plan.name()).isEqualTo(full.name());
    assertThat(plan.goal()).isEqualTo(full.goal());
    assertThat(plan.mode()).isEqualTo(full.mode());
    assertThat(plan.concurrencyLimit()).isEqualTo(full.concurrencyLimit());
    assertThat(plan.size()).isEqualTo(5);
    for (TaskSpec task : plan.tasks()) {
      TaskSpec expected = full.task(task.id());
      assertThat(task).usingRecursiveComparison().ignoringFields("action").isEqualTo(expected);
    }
  }

  @Test
  void read_emptyTasks() throws IOException {
    Plan plan = read("{\"formatVersion\": 1, \"name\": \"empty\", \"tasks\": []}");
    assertThat(plan.size()).isZero();
  }

  // ------------------------------------------------------------------------- malformed input

  private static void assertFails(String json, String message) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOf(PlanFormatException.class)
        .hasMessage(message);
  }

  @Test
  void read_badJson() {
    assertThatThrownBy(() -> read("{\"formatVersion\": 1,\n \"tasks\": [ {\"id\": \"a\",, ] }"))
        .isInstanceOf(PlanFormatException.class)
        .hasMessageStartingWith("plan.json:2:24: malformed JSON: Unexpected character (','")
        .satisfies(e -> {
          PlanFormatException format = (PlanFormatException) e;
          assertThat(format.source()).isEqualTo("plan.json");
          assertThat(format.line()).isEqualTo(2);
          assertThat(format.column()).isEqualTo(24);
          assertThat(format.getMessage()).doesNotContain("Source:");
        });
  }

  @Test
  void read_emptyFile() {
    assertFails("  ", "plan.json:1: the file is empty; expected a plan as a JSON object");
  }

  @Test
  void read_notAnObject() {
    assertFails("[1, 2]", "plan.json:1:1: expected a plan as a JSON object '{ ... }', found an array");
  }

  @Test
  void read_trailingContent() {
    assertFails("{\"formatVersion\": 1, \"tasks\": []} {}",
        "plan.json:1:35: unexpected an object after the end of the top-level object");
  }

  @Test
  void read_missingFormatVersion() {
    assertFails("{\"tasks\": []}",
        "plan.json:1:1: field 'formatVersion' is missing; a plan file starts with \"formatVersion\": 1");
  }

  @Test
  void read_unsupportedFormatVersion() {
    assertFails("{\"formatVersion\": 2, \"tasks\": []}",
        "plan.json:1:19: field 'formatVersion': this reader knows version 1, the file has version 2");
  }

  @Test
  void read_missingTasks() {
    assertFails("{\"formatVersion\": 1}", "plan.json:1:1: field 'tasks' is missing; a plan needs a"
        + " \"tasks\": [ ... ] array (it may be empty)");
  }

  @Test
  void read_tasksNotAnArray() {
    assertFails("{\"formatVersion\": 1, \"tasks\": {}}",
        "plan.json:1:31: field 'tasks': expected an array of tasks '[ ... ]', found an object");
  }

  @Test
  void read_unknownPlanField() {
    assertFails("{\"formatVersion\": 1, \"taks\": []}", "plan.json:1:30: unknown field 'taks' in the"
        + " plan; the plan's fields are concurrencyLimit, defaultEstimate, formatVersion, goal, mode,"
        + " name, tasks");
  }

  @Test
  void read_unknownMode() {
    assertFails("{\"formatVersion\": 1, \"mode\": \"turbo\", \"tasks\": []}",
        "plan.json:1:30: field 'mode': unknown value \"turbo\"; expected one of dependency, waves,"
            + " sequential, pipeline, swarm, mesh");
  }

  @Test
  void read_badConcurrencyLimit() {
    assertFails("{\"formatVersion\": 1, \"concurrencyLimit\": 0, \"tasks\": []}",
        "plan.json:1:42: field 'concurrencyLimit': must be >= 1, found 0");
    assertFails("{\"formatVersion\": 1, \"concurrencyLimit\": \"many\", \"tasks\": []}",
        "plan.json:1:42: field 'concurrencyLimit': expected a whole number, found a string (\"many\")");
  }

  @Test
  void read_negativeDefaultEstimate() {
    assertFails("{\"formatVersion\": 1, \"defaultEstimate\": \"-PT1S\", \"tasks\": []}",
        "plan.json:1:41: field 'defaultEstimate': cannot be negative, found PT-1S");
  }

  @Test
  void read_taskNotAnObject() {
    assertFails("{\"formatVersion\": 1, \"tasks\": [\"a\"]}",
        "plan.json:1:32: tasks[0]: expected a JSON object '{ ... }', found a string");
  }

  @Test
  void read_missingId() {
    assertFails("""
        {"formatVersion": 1, "tasks": [
          {"id": "a"},
          {"name": "no id"}
        ]}""", "plan.json:3:3: tasks[1]: field 'id' is missing; every task needs a unique id");
  }

  @Test
  void read_idNotAString() {
    assertFails("{\"formatVersion\": 1, \"tasks\": [{\"id\": 7}]}",
        "plan.json:1:39: tasks[0], field 'id': expected a string, found a number (7)");
  }

  @Test
  void read_duplicateId() {
    assertFails("""
        {"formatVersion": 1, "tasks": [
          {"id": "a"},
          {"id": "b"},
          {"id": "a"}
        ]}""", "plan.json:4:10: task 'a' (tasks[2]), field 'id': duplicate id; tasks[0] (line 2)"
        + " already uses it, and task ids must be unique within a plan");
  }

  @Test
  void read_duplicateField() {
    assertThatThrownBy(() -> read("{\"formatVersion\": 1, \"tasks\": [{\"id\": \"a\", \"id\": \"b\"}]}"))
        .isInstanceOf(PlanFormatException.class)
        .hasMessageStartingWith("plan.json:1:48: malformed JSON: Duplicate field 'id'");
  }

  @Test
  void read_unknownTaskField() {
    assertFails("{\"formatVersion\": 1, \"tasks\": [{\"id\": \"a\", \"after\": [\"b\"]}]}",
        "plan.json:1:53: task 'a' (tasks[0]): unknown field 'after'; a task's fields are critical,"
            + " dependencies, estimate, gate, group, id, name, priority, retry, stallTimeout, tags,"
            + " timeout, type");
  }

  @Test
  void read_wrongFieldType() {
    assertFails("""
        {"formatVersion": 1, "tasks": [
          {"id": "a", "estimate": true}
        ]}""", "plan.json:2:27: task 'a' (tasks[0]), field 'estimate': expected an ISO-8601 duration"
        + " such as \"PT3M\" or \"PT0.5S\", or a number of seconds, found a boolean (true)");
    assertFails("{\"formatVersion\": 1, \"tasks\": [{\"id\": \"a\", \"critical\": \"yes\"}]}",
        "plan.json:1:56: task 'a' (tasks[0]), field 'critical': expected true or false, found a"
            + " string (\"yes\")");
    assertFails("{\"formatVersion\": 1, \"tasks\": [{\"id\": \"a\", \"tags\": \"x\"}]}",
        "plan.json:1:52: task 'a' (tasks[0]), field 'tags': expected an array '[ ... ]', found a"
            + " string (\"x\")");
    assertFails("{\"formatVersion\": 1, \"tasks\": [{\"id\": \"a\", \"tags\": [\"x\", 3]}]}",
        "plan.json:1:52: task 'a' (tasks[0]), field 'tags[1]': expected a string, found a number (3)");
  }

  @Test
  void read_badDuration() {
    assertFails("{\"formatVersion\": 1, \"tasks\": [{\"id\": \"a\", \"timeout\": \"3 minutes\"}]}",
        "plan.json:1:55: task 'a' (tasks[0]), field 'timeout': expected an ISO-8601 duration such as"
            + " \"PT3M\" or \"PT0.5S\", or a number of seconds, found a string (\"3 minutes\")");
  }

  @Test
  void read_negativeEstimate() {
    assertFails("{\"formatVersion\": 1, \"tasks\": [{\"id\": \"a\", \"estimate\": \"-PT1S\"}]}",
        "plan.json:1:56: task 'a' (tasks[0]), field 'estimate': task 'a': estimate cannot be"
            + " negative: PT-1S");
  }

  @Test
  void read_zeroTimeout() {
    assertFails("{\"formatVersion\": 1, \"tasks\": [{\"id\": \"a\", \"timeout\": 0}]}",
        "plan.json:1:55: task 'a' (tasks[0]), field 'timeout': task 'a': timeout must be positive:"
            + " PT0S");
  }

  @Test
  void read_badType() {
    assertFails("{\"formatVersion\": 1, \"tasks\": [{\"id\": \"a\", \"type\": \"file io\"}]}",
        "plan.json:1:52: task 'a' (tasks[0]), field 'type': task type name 'file io' must start with"
            + " a letter or digit and contain only letters, digits, '.', ':' or '-'");
  }

  @Test
  void read_unknownPriority() {
    assertFails("{\"formatVersion\": 1, \"tasks\": [{\"id\": \"a\", \"priority\": \"urgent\"}]}",
        "plan.json:1:56: task 'a' (tasks[0]), field 'priority': unknown value \"urgent\"; expected"
            + " one of critical, high, normal, low");
  }

  @Test
  void read_unknownDependencyKind() {
    assertFails("""
        {"formatVersion": 1, "tasks": [
          {"id": "a"},
          {"id": "b", "dependencies": [{"on": "a", "kind": "strong"}]}
        ]}""", "plan.json:3:31: task 'b' (tasks[1]), field 'dependencies[0].kind': unknown value"
        + " \"strong\"; expected one of hard, soft, data");
  }

  @Test
  void read_dependencyWithoutOn() {
    assertFails("{\"formatVersion\": 1, \"tasks\": [{\"id\": \"a\", \"dependencies\": [{\"kind\": \"hard\"}]}]}",
        "plan.json:1:60: task 'a' (tasks[0]), field 'dependencies[0].on' is missing; a dependency"
            + " names the task it comes after");
  }

  @Test
  void read_dependencyWithUnknownField() {
    assertFails("{\"formatVersion\": 1, \"tasks\": [{\"id\": \"a\", \"dependencies\": [{\"on\": \"b\", \"type\": \"x\"}]}]}",
        "plan.json:1:60: task 'a' (tasks[0]), field 'dependencies[0]': unknown field 'type'; a"
            + " dependency has the fields on, kind");
  }

  @Test
  void read_dependencyOfWrongType() {
    assertFails("{\"formatVersion\": 1, \"tasks\": [{\"id\": \"a\", \"dependencies\": [1]}]}",
        "plan.json:1:60: task 'a' (tasks[0]), field 'dependencies[0]': expected a task id or"
            + " {\"on\": id, \"kind\": kind}, found a number (1)");
  }

  @Test
  void read_unknownDependency() {
    assertFails("""
        {"formatVersion": 1, "tasks": [
          {"id": "a"},
          {"id": "b", "dependencies": ["a", "deplo"]}
        ]}""", "plan.json:3:31: task 'b' (tasks[1]), field 'dependencies[1].on': unknown task"
        + " 'deplo'; a dependency must name the id of a task in this plan");
  }

  @Test
  void read_cycle() {
    assertThatThrownBy(() -> read("""
        {"formatVersion": 1, "tasks": [
          {"id": "x"},
          {"id": "a", "dependencies": ["c"]},
          {"id": "b", "dependencies": ["a"]},
          {"id": "c", "dependencies": ["b"]}
        ]}"""))
        .isInstanceOf(PlanFormatException.class)
        .hasMessage("plan.json:3:3: dependency cycle: a -> b -> c -> a; remove one of these"
            + " dependencies to make the graph acyclic")
        .cause().isInstanceOf(CyclicDependencyException.class);
  }

  @Test
  void read_badRetry() {
    assertFails("{\"formatVersion\": 1, \"tasks\": [{\"id\": \"a\", \"retry\": {\"maxAttempts\": 0}}]}",
        "plan.json:1:53: task 'a' (tasks[0]), field 'retry': max attempts must be >= 1: 0");
    assertFails("{\"formatVersion\": 1, \"tasks\": [{\"id\": \"a\", \"retry\": {\"tries\": 3}}]}",
        "plan.json:1:53: task 'a' (tasks[0]), field 'retry': unknown field 'tries'; a retry"
            + " policy's fields are delay, jitter, maxAttempts, maxDelay, multiplier");
    assertFails("{\"formatVersion\": 1, \"tasks\": [{\"id\": \"a\", \"retry\": {\"jitter\": \"lots\"}}]}",
        "plan.json:1:53: task 'a' (tasks[0]), field 'retry.jitter': expected a number, found a"
            + " string (\"lots\")");
    assertFails("{\"formatVersion\": 1, \"tasks\": [{\"id\": \"a\", \"retry\": 3}]}",
        "plan.json:1:53: task 'a' (tasks[0]), field 'retry': expected an object {\"maxAttempts\":"
            + " ..., ...}, found a number (3)");
  }

  @Test
  void read_nullArguments() {
    assertThatThrownBy(() -> PlanJson.read(new StringReader("{}"), "x", null))
        .isInstanceOf(NullPointerException.class).hasMessage("action binder cannot be null");
    assertThatThrownBy(() -> PlanJson.write(null, new StringWriter()))
        .isInstanceOf(NullPointerException.class).hasMessage("plan cannot be null");
  }

  @Test
  void read_missingFile(@TempDir Path dir) {
    assertThatThrownBy(() -> PlanJson.read(dir.resolve("none.json"), ActionBinder.unbound()))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void tasks_listIsUnmodifiable() throws IOException {
    List<TaskSpec> tasks = read("{\"formatVersion\": 1, \"tasks\": [{\"id\": \"a\"}]}").tasks();
    assertThatThrownBy(() -> tasks.add(null)).isInstanceOf(UnsupportedOperationException.class);
  }
}
