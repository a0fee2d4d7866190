package dev.orchestrator.examples.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonStyleTest {

  private static final String UNTIDY = "import os\ndef loadConfig(path,name):\n  value=os.getenv(name)\n"
      + "  if value == None:\n    return loadConfig(path,name)  \n  return value\nclass Box:\n"
      + "  def __init__(self):\n    self.items=[]\n  def addItem(self,item):\n    self.items.append(item)";

  @Test
  void violations_eachWithLineAndCode() {
    assertThat(PythonStyle.violations(UNTIDY)).containsExactly(
        "line 2: E231 missing whitespace after ','",
        "line 2: N802 function name 'loadConfig' should be lowercase",
        "line 2: E302 expected 2 blank lines, found 0",
        "line 3: E111 indentation is not a multiple of four",
        "line 3: E225 missing whitespace around operator",
        "line 4: E111 indentation is not a multiple of four",
        "line 4: E711 comparison to None should be 'is' or 'is not'",
        "line 5: W291 trailing whitespace",
        "line 5: E231 missing whitespace after ','",
        "line 6: E111 indentation is not a multiple of four",
        "line 7: E302 expected 2 blank lines, found 0",
        "line 8: E111 indentation is not a multiple of four",
        "line 9: E225 missing whitespace around operator",
        "line 10: E111 indentation is not a multiple of four",
        "line 10: E231 missing whitespace after ','",
        "line 10: N802 function name 'addItem' should be lowercase",
        "line 10: E301 expected 1 blank line, found 0",
        "line 11: W292 no newline at end of file");
  }

  @Test
  void fix_rewritesToTheStandard() {
    assertThat(PythonStyle.fix(UNTIDY)).isEqualTo("""
        import os


        def load_config(path, name):
            value = os.getenv(name)
            if value is None:
                return load_config(path, name)
            return value


        class Box:
            def __init__(self):
                self.items = []

            def add_item(self, item):
                self.items.append(item)
        """);
    assertThat(PythonStyle.violations(PythonStyle.fix(UNTIDY))).isEmpty();
    assertThat(PythonStyle.renames(UNTIDY)).isEqualTo(Map.of("loadConfig", "load_config", "addItem", "add_item"));
  }

  @Test
  void sameCode_layoutAndRenames_true() {
    assertThat(PythonStyle.sameCode(UNTIDY, PythonStyle.fix(UNTIDY))).isTrue();
  }

  @Test
  void sameCode_changedToken_false() {
    assertThat(PythonStyle.sameCode(UNTIDY, PythonStyle.fix(UNTIDY).replace("value = os", "value = sys"))).isFalse();
  }

  @Test
  void sameCode_changedNesting_false() {
    String fixed = PythonStyle.fix(UNTIDY);
    assertThat(PythonStyle.sameCode(UNTIDY, fixed.replace("        return load_config", "    return load_config")))
        .isFalse();
  }
}
