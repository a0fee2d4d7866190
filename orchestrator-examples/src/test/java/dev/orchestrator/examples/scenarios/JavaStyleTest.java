package dev.orchestrator.examples.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaStyleTest {

  private static final String CLEAN = """
      package a;

      import java.util.ArrayList;
      import java.util.List;

      final class A {

        List<String> list = new ArrayList<>();
      }
      """;

  @Test
  void violations_cleanSource_none() {
    assertThat(JavaStyle.violations(CLEAN)).isEmpty();
  }

  @Test
  void violations_untidySource_eachNamedWithItsLine() {
    String untidy = "package a;\n\nimport java.util.*;\n\nfinal class A {  \n\n\n\tList<String> list = new ArrayList<>();\n}";
    assertThat(JavaStyle.violations(untidy)).containsExactly(
        "line 3: wildcard import",
        "line 5: trailing whitespace",
        "line 7: second blank line in a row",
        "line 8: tab character",
        "line 9: no newline at the end of the file");
  }

  @Test
  void fix_untidySource_becomesTheCleanOne() {
    String untidy = "package a;\n\nimport java.util.*;\n\nfinal class A {  \n\n\n\tList<String> list = new ArrayList<>();\n}";
    assertThat(JavaStyle.fix(untidy)).isEqualTo(CLEAN);
  }
}
