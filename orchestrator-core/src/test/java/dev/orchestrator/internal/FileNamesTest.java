package dev.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class FileNamesTest {

  @Test
  void of_plainIdIsKeptAsItIs() {
    assertThat(new FileNames().of("deploy-eu_1.v2")).isEqualTo("deploy-eu_1.v2");
  }

  @Test
  void of_pathTraversalAndSeparatorsCannotLeaveTheDirectory() {
    FileNames names = new FileNames();
    for (String id : List.of("../../etc/passwd", "..", ".", "/abs", "a/b", "a\\b", "C:x", "~user",
        ".hidden", "...")) {
      String name = names.of(id);
      assertThat(name).doesNotContain("/", "\\", ":").doesNotStartWith(".");
      Path dir = Path.of("/run/dir");
      assertThat(dir.resolve(name).normalize().getParent()).as(id).isEqualTo(dir);
    }
    assertThat(FileNames.safe("../../etc/passwd")).isEqualTo("_.._.._etc_passwd");
    assertThat(FileNames.safe("..")).isEqualTo("_._");
  }

  @Test
  void of_reservedWindowsNamesAndTrailingDotsAreChanged() {
    assertThat(FileNames.safe("CON")).isEqualTo("_CON");
    assertThat(FileNames.safe("nul.txt")).isEqualTo("_nul.txt");
    assertThat(FileNames.safe("com7")).isEqualTo("_com7");
    assertThat(FileNames.safe("console")).isEqualTo("console");
    assertThat(FileNames.safe("report.")).isEqualTo("report_");
    assertThat(FileNames.safe("a b")).isEqualTo("a_b");
    assertThat(FileNames.safe("héllo")).isEqualTo("h_llo");
  }

  @Test
  void of_changedIdsGetADigestSoThatTheyNeverCollide() {
    FileNames names = new FileNames();
    String slash = names.of("a/b");
    String colon = names.of("a:b");
    String plain = names.of("a_b");
    assertThat(plain).isEqualTo("a_b");
    assertThat(slash).matches("a_b~[0-9a-f]{8}");
    assertThat(colon).matches("a_b~[0-9a-f]{8}").isNotEqualTo(slash);
    assertThat(names.of("a/b")).isEqualTo(slash); // stable
  }

  @Test
  void of_idsDifferingOnlyInCaseGetDifferentNames() {
    FileNames names = new FileNames();
    String upper = names.of("Deploy");
    String lower = names.of("deploy");
    assertThat(upper).isEqualTo("Deploy");
    assertThat(lower.toLowerCase(Locale.ROOT)).isNotEqualTo(upper.toLowerCase(Locale.ROOT));
  }

  @Test
  void of_longIdsAreCut() {
    String name = new FileNames().of("x".repeat(256));
    assertThat(name).hasSize(FileNames.MAX_LENGTH).matches("x+~[0-9a-f]{8}");
  }

  @Test
  void of_null_isRejected() {
    assertThatThrownBy(() -> new FileNames().of(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("task id cannot be null");
  }

  @Property(tries = 200)
  void of_namesAreSafeAndUniqueForAnyIds(
      @ForAll @Size(max = 50) List<@StringLength(min = 1, max = 300) String> ids) {
    FileNames names = new FileNames();
    Set<String> seen = new HashSet<>();
    Set<String> distinctIds = new HashSet<>(ids);
    for (String id : distinctIds) {
      String name = names.of(id);
      assertThat(name).matches("[A-Za-z0-9._~-]{1,100}").doesNotStartWith(".").doesNotEndWith(".");
      assertThat(seen.add(name.toLowerCase(Locale.ROOT))).as("unique: %s", id).isTrue();
    }
  }
}
