package dev.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.task.TaskType;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StgFormatTest {

  private static final Pattern CP_LENGTH = Pattern.compile("^#\\s*CP Length\\s*:\\s*(\\d+)", Pattern.MULTILINE);

  /** Three real tasks: 1 -> 3, 2 -> 3; times 4, 2, 5; the dummies 0 and 4. */
  private static final String SMALL = """
                3
                0          0          0
                1          4          1          0
                2          2          1          0
                3          5          2          1          2
                4          0          1          3
      # CP Length : 9
      """;

  private static Plan read(String text) throws IOException {
    return StgFormat.read(new StringReader(text), "g.stg", ImportOptions.defaults());
  }

  @Test
  void read_dropsZeroTimeDummies() throws IOException {
    Plan plan = read(SMALL);
    assertThat(plan.name()).isEqualTo("g");
    assertThat(plan.tasks()).extracting(t -> t.id()).containsExactly("1", "2", "3");
    assertThat(plan.dependenciesOf("1")).isEmpty();
    assertThat(plan.dependentsOf("2")).containsExactly("3");
    assertThat(plan.analysis().edgeCount()).isEqualTo(2);
    assertThat(plan.analysis().totalWork()).isEqualTo(Duration.ofSeconds(11));
    assertThat(plan.analysis().criticalPathLength()).isEqualTo(Duration.ofSeconds(9));
    assertThat(plan.analysis().criticalPath()).containsExactly("1", "3");
    assertThat(plan.analysis().levelWidths()).containsExactly(2, 1);
  }

  @Test
  void read_keepsDummiesWithTime() throws IOException {
    Plan plan = read(SMALL.replace("4          0          1          3", "4          3          1          3"));
    assertThat(plan.tasks()).extracting(t -> t.id()).containsExactly("1", "2", "3", "4");
    assertThat(plan.analysis().criticalPathLength()).isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void read_timeUnitAndType() throws IOException {
    Plan plan = StgFormat.read(new StringReader(SMALL), "g.stg", ImportOptions.defaults()
        .withTimeUnit(Duration.ofMinutes(1)).withType(TaskType.COMPUTATION));
    assertThat(plan.analysis().criticalPathLength()).isEqualTo(Duration.ofMinutes(9));
    assertThat(plan.task("1").type()).isEqualTo(TaskType.COMPUTATION);
    assertThat(plan.task("1").estimate()).contains(Duration.ofMinutes(4));
  }

  @Test
  void read_bindsActions() throws Exception {
    Plan plan = StgFormat.read(new StringReader(SMALL), "g.stg", ImportOptions.defaults()
        .withBinder((id, name) -> id.equals("1") ? ctx -> { } : null));
    assertThat(plan.task("1").action().apply(null)).isNull();
    assertThatThrownBy(() -> plan.task("2").action().apply(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("task '2' has no action");
  }

  private static void assertFails(String text, String message) {
    assertThatThrownBy(() -> read(text)).isInstanceOf(PlanFormatException.class).hasMessage(message);
  }

  @Test
  void read_empty() {
    assertFails("\n# only a comment\n",
        "g.stg: the file is empty; expected the number of tasks on the first line");
  }

  @Test
  void read_badHeader() {
    assertFails("3 4\n", "g.stg:1: expected the number of tasks alone on the first line, found 2 numbers");
    assertFails("-1\n", "g.stg:1: the number of tasks must be between 0 and 50,000,000, found -1");
    assertFails("three\n", "g.stg:1: expected whole numbers separated by spaces, found 'three' (field 1)");
  }

  @Test
  void read_notANumber() {
    assertFails(SMALL.replace("2          2          1          0", "2          2.5        1          0"),
        "g.stg:4: expected whole numbers separated by spaces, found '2.5' (field 2)");
  }

  @Test
  void read_truncated() {
    assertFails("3\n0 0 0\n1 4 1 0\n", "g.stg:3: the file ends after 2 of its 5 task lines (n = 3 real"
        + " tasks plus the entry and exit dummies)");
  }

  @Test
  void read_shortLine() {
    assertFails("3\n0 0 0\n1 4\n", "g.stg:3: a task line needs at least 3 numbers (id, time,"
        + " predecessor count), found 2");
  }

  @Test
  void read_outOfOrder() {
    assertFails("3\n0 0 0\n2 4 1 0\n", "g.stg:3: expected task 1 (tasks are numbered 0 to 4 in"
        + " order), found task 2");
  }

  @Test
  void read_negativeTime() {
    assertFails("3\n0 0 0\n1 -4 1 0\n", "g.stg:3: task 1: time cannot be negative, found -4");
  }

  @Test
  void read_wrongPredecessorCount() {
    assertFails("3\n0 0 0\n1 4 2 0\n", "g.stg:3: task 1 declares 2 predecessors but the line lists 1");
  }

  @Test
  void read_forwardPredecessor() {
    assertFails("3\n0 0 0\n1 4 1 3\n", "g.stg:3: task 1: predecessor 3 is not an earlier task; in .stg"
        + " files every predecessor has a smaller id than its task");
  }

  @Test
  void read_extraLine() {
    assertFails(SMALL.replace("# CP", "5 0 0\n# CP"),
        "g.stg:7: unexpected line after the 5 task lines (only '#' comment lines may follow them)");
  }

  @Test
  void read_missingFile() {
    assertThatThrownBy(() -> StgFormat.read(Path.of("no/such.stg"), ImportOptions.defaults()))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void importOptions_checks() {
    assertThatThrownBy(() -> ImportOptions.defaults().withTimeUnit(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("time unit must be positive: PT0S");
    assertThatThrownBy(() -> ImportOptions.defaults().withTimeUnit(null))
        .isInstanceOf(NullPointerException.class).hasMessage("time unit cannot be null");
    assertThatThrownBy(() -> ImportOptions.defaults().withType(null))
        .isInstanceOf(NullPointerException.class).hasMessage("task type cannot be null");
    assertThatThrownBy(() -> ImportOptions.defaults().withBinder(null))
        .isInstanceOf(NullPointerException.class).hasMessage("action binder cannot be null");
  }

  /** Every graph of the Standard Task Graph set: the critical path equals the file's own figure. */
  @Test
  void read_everyBenchmarkGraph_criticalPathMatchesFile() throws IOException {
    Path stg = SharedBench.dir().resolve("stg");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(stg)) {
      files = walk.filter(p -> p.toString().endsWith(".stg")).sorted().toList();
    }
    assertThat(files).hasSize(360);
    for (Path file : files) {
      String text = Files.readString(file);
      Matcher cp = CP_LENGTH.matcher(text);
      assertThat(cp.find()).as("%s has a CP Length comment", file).isTrue();
      int n = Integer.parseInt(text.strip().lines().findFirst().orElseThrow().strip());

      Plan plan = StgFormat.read(file, ImportOptions.defaults());

      assertThat(plan.size()).as(file.toString()).isEqualTo(n);
      assertThat(plan.analysis().criticalPathLength()).as(file.toString())
          .isEqualTo(Duration.ofSeconds(Long.parseLong(cp.group(1))));
    }
  }
}
