package dev.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

/**
 * Plan files may come from anywhere (an external planner, a pull request): reading one must never
 * let the file choose a class to make, and hostile shapes end in a {@link PlanFormatException}.
 * The reader uses Jackson's streaming parser and reads values only as the types the format names.
 */
class PlanJsonHardeningTest {

  private static void read(String json) throws Exception {
    PlanJson.read(new StringReader(json), "p.json", ActionBinder.unbound());
  }

  @Test
  void read_typeHintsAreUnknownFieldsNotClasses() {
    assertThatThrownBy(() -> read("{\"@class\":\"java.lang.ProcessBuilder\",\"formatVersion\":1,\"tasks\":[]}"))
        .isInstanceOf(PlanFormatException.class)
        .hasMessage("p.json:1:11: unknown field '@class' in the plan; the plan's fields are"
            + " concurrencyLimit, defaultEstimate, formatVersion, goal, mode, name, tasks");
    assertThatThrownBy(() -> read("{\"formatVersion\":1,\"tasks\":[{\"id\":\"a\",\"@type\":\"x.Gadget\"}]}"))
        .isInstanceOf(PlanFormatException.class)
        .hasMessageStartingWith("p.json:1:47: task 'a' (tasks[0]): unknown field '@type'");
  }

  @Test
  void read_wrapperArrayTypeHints_areWrongShapes() {
    assertThatThrownBy(() -> read("{\"formatVersion\":1,\"tasks\":[{\"id\":\"a\",\"retry\":"
        + "[\"java.util.HashMap\",{\"maxAttempts\":2}]}]}"))
        .isInstanceOf(PlanFormatException.class)
        .hasMessage("p.json:1:47: task 'a' (tasks[0]), field 'retry': expected an object"
            + " {\"maxAttempts\": ..., ...}, found an array");
    assertThatThrownBy(() -> read("{\"formatVersion\":1,\"name\":[\"java.lang.String\",\"x\"],\"tasks\":[]}"))
        .isInstanceOf(PlanFormatException.class)
        .hasMessage("p.json:1:27: field 'name': expected a string, found an array");
  }

  @Test
  void read_deepNesting_isRefusedWithoutAStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertThatThrownBy(() -> read("{\"formatVersion\":1,\"goal\":" + deep + ",\"tasks\":[]}"))
        .isInstanceOf(PlanFormatException.class)
        .hasMessageStartingWith("p.json: malformed JSON: Document nesting depth (1001) exceeds the"
            + " maximum allowed (1000");
  }

  @Test
  void read_hugeNumbers_areRefused() {
    assertThatThrownBy(() -> read("{\"formatVersion\":1,\"concurrencyLimit\":1" + "0".repeat(5000)
        + ",\"tasks\":[]}"))
        .isInstanceOf(PlanFormatException.class)
        .hasMessageStartingWith("p.json: malformed JSON: Number value length (5001) exceeds the"
            + " maximum allowed (1000");
    assertThatThrownBy(() -> read("{\"formatVersion\":1,\"concurrencyLimit\":1e1000000,\"tasks\":[]}"))
        .isInstanceOf(PlanFormatException.class)
        .hasMessage("p.json:1:39: field 'concurrencyLimit': expected a whole number, found a number"
            + " (\"Infinity\")");
  }

  @Test
  void read_nullsWhereValuesBelong_areFormatErrors() {
    assertThatThrownBy(() -> read("{\"formatVersion\":1,\"tasks\":[null]}"))
        .isInstanceOf(PlanFormatException.class)
        .hasMessage("p.json:1:29: tasks[0]: expected a JSON object '{ ... }', found null");
    assertThatThrownBy(() -> read("{\"formatVersion\":1,\"tasks\":[{\"id\":null}]}"))
        .isInstanceOf(PlanFormatException.class)
        .hasMessage("p.json:1:35: tasks[0], field 'id': expected a string, found null");
    assertThatThrownBy(() -> read("{\"formatVersion\":1,\"tasks\":[{\"id\":\"a\",\"dependencies\":[null]}]}"))
        .isInstanceOf(PlanFormatException.class)
        .hasMessage("p.json:1:54: task 'a' (tasks[0]), field 'dependencies[0]': expected a task id"
            + " or {\"on\": id, \"kind\": kind}, found null");
  }

  @Test
  void read_controlCharactersAndByteOrderMarks_areFormatErrors() {
    assertThatThrownBy(() -> read("\u0000"))
        .isInstanceOf(PlanFormatException.class)
        .hasMessageStartingWith("p.json:1:2: malformed JSON: Illegal character ((CTRL-CHAR, code 0))");
    assertThatThrownBy(() -> read("{\"formatVersion\":1,\"tasks\":[{\"id\":\"a\\u0007b\"}]}"))
        .isInstanceOf(PlanFormatException.class)
        .hasMessage("p.json:1:35: task 'a?b' (tasks[0]), field 'id': task id 'a?b' contains a"
            + " control character at index 1");
    // Nothing a file says reaches a terminal as a control sequence.
    assertThatThrownBy(() -> read("{\"formatVersion\":1,\"\\u001b[2Jevil\":1,\"tasks\":[]}"))
        .isInstanceOf(PlanFormatException.class)
        .hasMessageStartingWith("p.json:1:36: unknown field '?[2Jevil' in the plan");
  }
}
