package dev.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.task.Dependency;
import dev.orchestrator.task.TaskType;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WfCommonsFormatTest {

  private static Plan read(String json) throws IOException {
    return WfCommonsFormat.read(new StringReader(json), "w.json", ImportOptions.defaults());
  }

  @Test
  void read_version14() throws IOException {
    Plan plan = read("""
        {"name": "tiny", "schemaVersion": "1.4", "workflow": {"makespanInSeconds": 9, "tasks": [
          {"name": "split_1", "id": "ID1", "category": "split", "parents": [], "children": ["work_2"],
           "runtimeInSeconds": 1.5, "files": [{"link": "output", "name": "f"}]},
          {"name": "work_2", "id": "ID2", "parents": ["split_1"], "runtimeInSeconds": 2},
          {"name": "work_3", "id": "ID3", "parents": ["ID1"], "runtimeInSeconds": 0.25},
          {"name": "merge_4", "id": "ID4", "parents": ["work_2", "work_3"], "runtimeInSeconds": 3}
        ]}}""");
    assertThat(plan.name()).isEqualTo("tiny");
    assertThat(plan.tasks()).extracting(t -> t.id()).containsExactly("ID1", "ID2", "ID3", "ID4");
    assertThat(plan.task("ID1").name()).isEqualTo("split_1");
    assertThat(plan.task("ID1").tags()).containsExactly("split");
    assertThat(plan.task("ID2").dependencies()).containsExactly(Dependency.hard("ID1")); // listed twice
    assertThat(plan.analysis().edgeCount()).isEqualTo(4);
    assertThat(plan.analysis().totalWork()).isEqualTo(Duration.ofMillis(6750));
    assertThat(plan.analysis().criticalPathLength()).isEqualTo(Duration.ofMillis(6500));
  }

  @Test
  void read_childrenOnly() throws IOException {
    Plan plan = read("""
        {"workflow": {"tasks": [
          {"name": "a", "children": ["b"], "runtimeInSeconds": 1},
          {"name": "b", "runtimeInSeconds": 1}
        ]}}""");
    assertThat(plan.name()).isEqualTo("w");
    assertThat(plan.dependenciesOf("b")).containsExactly(Dependency.hard("a"));
  }

  @Test
  void read_version15SpecificationAndExecution() throws IOException {
    Plan plan = WfCommonsFormat.read(new StringReader("""
        {"name": "split", "schemaVersion": "1.5", "workflow": {
          "specification": {"tasks": [
            {"name": "a", "id": "a_1", "parents": [], "children": ["b_2"]},
            {"name": "b", "id": "b_2", "parents": ["a_1"], "children": []}
          ], "files": []},
          "execution": {"makespanInSeconds": 5, "tasks": [
            {"id": "b_2", "runtimeInSeconds": 3},
            {"id": "a_1", "runtimeInSeconds": 2}
          ]}
        }}"""), "w.json", ImportOptions.defaults().withType(TaskType.COMPUTATION));
    assertThat(plan.analysis().criticalPathLength()).isEqualTo(Duration.ofSeconds(5));
    assertThat(plan.task("b_2").type()).isEqualTo(TaskType.COMPUTATION);
  }

  private static void assertFails(String json, String message) {
    assertThatThrownBy(() -> read(json)).isInstanceOf(PlanFormatException.class).hasMessage(message);
  }

  @Test
  void read_noWorkflow() {
    assertFails("{\"name\": \"x\"}", "w.json:1:1: field 'workflow' is missing; a WfCommons file has"
        + " \"workflow\": {\"tasks\": [...]} (WfFormat 1.4) or \"workflow\": {\"specification\":"
        + " {\"tasks\": [...]}, \"execution\": {\"tasks\": [...]}} (1.5)");
  }

  @Test
  void read_noTaskList() {
    assertFails("{\"workflow\": {}}", "w.json:1:1: the workflow has no task list: expected"
        + " 'workflow.tasks' or 'workflow.specification.tasks'");
  }

  @Test
  void read_badJson() {
    assertThatThrownBy(() -> read("{\"workflow\": {\"tasks\": [\n{\"name\": }]}}"))
        .isInstanceOf(PlanFormatException.class)
        .hasMessageStartingWith("w.json:2:10: malformed JSON: Unexpected character ('}'");
  }

  @Test
  void read_missingRuntime() {
    assertFails("{\"workflow\": {\"tasks\": [\n  {\"name\": \"a\"}]}}",
        "w.json:2:3: task 'a' (workflow.tasks[0]): field 'runtimeInSeconds' is missing");
  }

  @Test
  void read_runtimeOfWrongType() {
    assertFails("{\"workflow\": {\"tasks\": [\n  {\"name\": \"a\", \"runtimeInSeconds\": \"long\"}]}}",
        "w.json:2:37: task 'a' (workflow.tasks[0]), field 'runtimeInSeconds': expected a number,"
            + " found a string (\"long\")");
  }

  @Test
  void read_negativeRuntime() {
    assertFails("{\"workflow\": {\"tasks\": [\n  {\"name\": \"a\", \"runtimeInSeconds\": -1}]}}",
        "w.json:2:37: task 'a' (workflow.tasks[0]), field 'runtimeInSeconds': cannot be negative,"
            + " found -1.0");
  }

  @Test
  void read_noName() {
    assertFails("{\"workflow\": {\"tasks\": [\n  {\"runtimeInSeconds\": 1}]}}",
        "w.json:2:3: workflow.tasks[0]: the task has neither 'name' nor 'id'");
  }

  @Test
  void read_unknownParent() {
    assertFails("""
        {"workflow": {"tasks": [
          {"name": "a", "runtimeInSeconds": 1},
          {"name": "b", "parents": ["a", "zz"], "runtimeInSeconds": 1}
        ]}}""", "w.json:3:28: task 'b' (workflow.tasks[1]), field 'parents[1]': unknown task 'zz'");
  }

  @Test
  void read_parentsNotAnArray() {
    assertFails("{\"workflow\": {\"tasks\": [\n  {\"name\": \"a\", \"parents\": \"b\", \"runtimeInSeconds\": 1}]}}",
        "w.json:2:28: task 'a' (workflow.tasks[0]), field 'parents': expected an array of task names,"
            + " found a string (\"b\")");
  }

  @Test
  void read_duplicateId() {
    assertFails("""
        {"workflow": {"tasks": [
          {"name": "a", "runtimeInSeconds": 1},
          {"name": "a", "runtimeInSeconds": 1}
        ]}}""", "w.json:3:3: task 'a' (workflow.tasks[1]): duplicate id; task 'a' (workflow.tasks[0])"
        + " (line 2) already uses it");
  }

  @Test
  void read_cycle() {
    assertFails("""
        {"workflow": {"tasks": [
          {"name": "a", "parents": ["b"], "runtimeInSeconds": 1},
          {"name": "b", "parents": ["a"], "runtimeInSeconds": 1}
        ]}}""", "w.json:2:3: dependency cycle: a -> b -> a; remove one of these dependencies to make"
        + " the graph acyclic");
  }

  @Test
  void read_executionWithoutRuntime() {
    assertFails("""
        {"workflow": {"specification": {"tasks": [{"name": "a", "id": "a1"}]},
          "execution": {"tasks": []}}}""", "w.json:1:43: task 'a1'"
        + " (workflow.specification.tasks[0]): no runtime; 'workflow.execution.tasks' has no entry"
        + " with id 'a1'");
  }

  /** The eight WfCommons traces of ../shared/bench: task and edge counts as the files list them. */
  @ParameterizedTest
  @CsvSource({
      "1000genome-chameleon-2ch-100k-001.json, 52, 76",
      "cycles-chameleon-1l-1c-9p-001.json, 67, 97",
      "epigenomics-chameleon-hep-1seq-100k-001.json, 41, 48",
      "montage-chameleon-2mass-005d-001.json, 58, 114",
      "montage-chameleon-2mass-01d-001.json, 103, 231",
      "seismology-chameleon-100p-001.json, 101, 100",
      "soykb-chameleon-10fastq-10ch-001.json, 96, 194",
      "srasearch-chameleon-10a-001.json, 22, 30"})
  void read_benchmarkTraces(String file, int tasks, int edges) throws IOException {
    Path path = SharedBench.dir().resolve("wfcommons").resolve(file);
    Plan plan = WfCommonsFormat.read(path, ImportOptions.defaults());
    PlanAnalysis analysis = plan.analysis();
    assertThat(analysis.taskCount()).isEqualTo(tasks);
    assertThat(analysis.edgeCount()).isEqualTo(edges);
    assertThat(analysis.totalWork()).isPositive();
    assertThat(analysis.criticalPathLength()).isPositive().isLessThanOrEqualTo(analysis.totalWork());
    assertThat(analysis.levelCount()).isGreaterThan(1);
    assertThat(analysis.averageParallelism()).isGreaterThanOrEqualTo(1.0);
    assertThat(plan.name()).isNotBlank();
  }
}
