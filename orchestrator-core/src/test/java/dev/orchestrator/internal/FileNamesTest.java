package dev.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class FileNamesTest {

  @Test
  void of_keepsPlainIds() {
    assertThat(FileNames.of("deploy-3")).isEqualTo("deploy-3");
    assertThat(FileNames.of("a.b_c")).isEqualTo("a.b_c");
  }

  @Test
  void of_encodesSeparatorsDotsAtTheEdgesUpperCaseAndPercent() {
    assertThat(FileNames.of("Deploy/../x")).isEqualTo("%44eploy%2F..%2Fx");
    assertThat(FileNames.of("..")).isEqualTo("%2E%2E");
    assertThat(FileNames.of(".")).isEqualTo("%2E");
    assertThat(FileNames.of(".hidden")).isEqualTo("%2Ehidden");
    assertThat(FileNames.of("a\\b:c")).isEqualTo("a%5Cb%3Ac");
    assertThat(FileNames.of("100%")).isEqualTo("100%25");
    assertThat(FileNames.of("é")).isEqualTo("%C3%A9");
    assertThat(FileNames.of("a b")).isEqualTo("a%20b");
  }

  @Test
  void of_encodesNamesWindowsReserves() {
    assertThat(FileNames.of("con")).isEqualTo("%63on");
    assertThat(FileNames.of("nul.txt")).isEqualTo("%6Eul.txt");
    assertThat(FileNames.of("com1")).isEqualTo("%63om1");
    assertThat(FileNames.of("console")).isEqualTo("console");
  }

  @Test
  void of_shortensLongIdsWithAHash() {
    String id = "x".repeat(300);
    String name = FileNames.of(id);
    assertThat(name).hasSize(FileNames.KEEP + 17).startsWith("x".repeat(FileNames.KEEP) + "~");
    assertThat(FileNames.of("x".repeat(299))).isNotEqualTo(name);
  }

  @Test
  void of_neverCutsAnEscapeWhenShortening() {
    String name = FileNames.of("a".repeat(95) + "/" + "b".repeat(100));
    assertThat(name).startsWith("a".repeat(95) + "~");
  }

  @Test
  void of_empty() {
    assertThatThrownBy(() -> FileNames.of("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an empty id has no file name");
    assertThatThrownBy(() -> FileNames.of(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("id cannot be null");
  }

  @Property
  void of_staysInsideItsDirectory(@ForAll("ids") String id) {
    String name = FileNames.of(id);
    Path dir = Path.of("/runs/r1/manifests");
    Path file = dir.resolve(name + ".json").normalize();
    assertThat(file.getParent()).isEqualTo(dir);
    assertThat(name).doesNotContain("/", "\\").doesNotStartWith(".").doesNotEndWith(".");
    assertThat(name.length()).isLessThanOrEqualTo(FileNames.MAX_LENGTH);
  }

  @Property
  void of_isOneToOneEvenIgnoringCase(@ForAll("ids") String a, @ForAll("ids") String b) {
    if (!a.equals(b)) {
      assertThat(FileNames.of(a).toLowerCase(Locale.ROOT))
          .isNotEqualTo(FileNames.of(b).toLowerCase(Locale.ROOT));
    }
  }

  @Provide
  Arbitrary<String> ids() {
    return Arbitraries.strings().withChars("aAbB./\\%-_ :é~").ofMinLength(1).ofMaxLength(8);
  }
}
