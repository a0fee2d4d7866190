package dev.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.observe.RunReport;
import dev.orchestrator.task.DependencyKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Reading results from a report, fan-in over a block, and the chunk index. */
class ResultsTest {

  private static final List<Integer> NUMBERS = IntStream.rangeClosed(1, 30).boxed().toList();

  /** 30 squares (finished in any order by 4 agents), summed by one aggregate task. */
  private static Workflow squares() {
    return Workflow.named("squares")
        .forEach("square", NUMBERS, (n, t) -> t.produce(ctx -> n * n))
        .task("sum", t -> t.after(DependencyKind.DATA, "square")
            .produce(ctx -> ctx.inputs("square", Integer.class)))
        .build();
  }

  @Test
  void inputs_returnTheBlocksOutputsInItemOrder() {
    try (Orchestrator orchestrator = Orchestrator.builder().agents(4).build()) {
      RunReport report = orchestrator.run(squares());
      List<Integer> expected = NUMBERS.stream().map(n -> n * n).toList();
      assertThat(report.result(List.class)).isEqualTo(expected);
      assertThat(report.output("sum", List.class)).isEqualTo(expected);
      assertThat(report.outputs("square", Integer.class)).isEqualTo(expected);
      assertThat(report.output("square-7", Integer.class)).isEqualTo(49);
    }
  }

  @Test
  void output_ofATaskWithoutAValueIsNull() {
    try (Orchestrator orchestrator = Orchestrator.builder().agents(1).build()) {
      RunReport report = orchestrator.run(Workflow.named("w").task("a", t -> t.run(ctx -> { })).build());
      assertThat(report.output("a", Object.class)).isNull();
      assertThat(report.outputs("a", Object.class)).containsExactly((Object) null);
    }
  }

  @Test
  void output_wrongTypeUnknownTaskFailedTask() {
    try (Orchestrator orchestrator = Orchestrator.builder().agents(2).build()) {
      RunReport report = orchestrator.run(Workflow.named("w")
          .task("a", t -> t.produce(ctx -> "text"))
          .task("b", t -> t.run(ctx -> {
            throw new IllegalStateException("broken");
          }))
          .build());
      assertThatThrownBy(() -> report.output("a", Integer.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the output of task 'a' is a java.lang.String, not a java.lang.Integer");
      assertThatThrownBy(() -> report.output("c", Integer.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageEndingWith("has no task 'c'");
      assertThatThrownBy(() -> report.output("b", Object.class))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("task 'b' has no output: it ended FAILED");
      assertThatThrownBy(() -> report.outputs("nothing", Object.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageEndingWith("has no block or task 'nothing'");
    }
  }

  @Test
  void inputs_withoutADataDependencyOnTheBlock() {
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    try (Orchestrator orchestrator = Orchestrator.builder().agents(2).build()) {
      orchestrator.run(Workflow.named("w")
          .forEach("part", List.of(1, 2), (n, t) -> t.produce(ctx -> n))
          .task("hard", t -> t.after("part").run(ctx -> {
            try {
              ctx.inputs("part", Integer.class);
            } catch (IllegalArgumentException e) {
              errors.add(e.getMessage());
            }
            try {
              ctx.inputs("missing", Integer.class);
            } catch (IllegalArgumentException e) {
              errors.add(e.getMessage());
            }
          }))
          .build());
    }
    assertThat(errors).containsExactly(
        "task 'hard' has no DATA dependency on 'part-1' of block 'part'; declare one with"
            + " after(DependencyKind.DATA, \"part\") to read the block's outputs",
        "task 'hard': the plan has no block or task 'missing'");
  }

  @Test
  void chunked_passesEachChunksIndex() {
    List<Integer> items = IntStream.range(0, 10).boxed().toList();
    try (Orchestrator orchestrator = Orchestrator.builder().agents(2).build()) {
      RunReport report = orchestrator.run(Workflow.named("w")
          .chunked("batch", items, 4, (chunk, index, t) ->
              t.produce(ctx -> index + ":" + chunk.get(0) + ".." + chunk.get(chunk.size() - 1)))
          .build());
      assertThat(report.outputs("batch", String.class)).containsExactly("0:0..3", "1:4..7", "2:8..9");
    }
  }
}
