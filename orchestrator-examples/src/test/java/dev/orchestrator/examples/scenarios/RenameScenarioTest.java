package dev.orchestrator.examples.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.examples.scenarios.RenameScenario.Library;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.task.TaskType;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenameScenarioTest {

  @TempDir
  Path dir;

  @Test
  void newName_followsTheConvention() {
    assertThat(RenameScenario.oldName(0)).isEqualTo("IMG_20150101_0000001.JPG");
    assertThat(RenameScenario.newName("IMG_20190312_0000123.JPG")).isEqualTo("2019-03-12_0000123.jpg");
    assertThat(RenameScenario.newName("notes.txt")).isNull();
  }

  @Test
  void run_renamesEveryFileAndRemovesTheLibrary() throws Exception {
    List<Path> roots = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int[] renamed = {0};
    var run = ScenarioHarness.<Library>run(new RenameScenario(),
        ScenarioHarness.settings(dir.resolve("run")).withSize(2_500).withAgents(4),
        library -> roots.add(library.root()),
        library -> {
          // After the run, before the library is removed: every file under its new name, holding
          // its old one.
          try (Stream<Path> walk = Files.walk(library.root())) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
              String name = file.getFileName().toString();
              String original = Files.readString(file, StandardCharsets.US_ASCII);
              if (!name.equals(RenameScenario.newName(original))) {
                problems.add(name + " holds " + original);
              }
              renamed[0]++;
            }
          }
        });

    assertThat(problems).isEmpty();
    assertThat(renamed[0]).isEqualTo(2_500);
    assertThat(roots.get(0)).doesNotExist(); // removed when the run ended
    assertThat(run.result().passed()).as(run.output()).isTrue();
    assertThat(run.result().plan().tasks()).allMatch(t -> t.type().equals(TaskType.FILE_IO));
    assertThat(run.result().plan().size()).isEqualTo(3 * 3 + 1); // 3 albums: scan, rename, verify; report
    assertThat(run.result().report().orElseThrow().count(TaskState.SUCCEEDED)).isEqualTo(10);
    assertThat(Files.readString(dir.resolve("run/rename-report.json")))
        .contains("\"files\" : 2500").contains("\"verified\" : 2500").contains("\"problems\" : [ ]");
    assertThat(run.output()).contains("✓ 2,500 files on disk follow the new convention; 0 the old one; 0 others");
  }

  @Test
  void scanRenameVerify_threeFiles() throws Exception {
    Path album = Files.createDirectories(dir.resolve("album"));
    for (int i = 0; i < 3; i++) {
      String name = RenameScenario.oldName(i);
      Files.writeString(album.resolve(name), name, StandardCharsets.US_ASCII);
    }
    RenameScenario.Manifest manifest = RenameScenario.scan(album);
    RenameScenario.rename(album, manifest);
    List<String> names;
    try (Stream<Path> files = Files.list(album)) {
      names = files.map(f -> f.getFileName().toString()).sorted().toList();
    }
    assertThat(names).containsExactly("2015-01-01_0000001.jpg", "2015-01-02_0000002.jpg", "2015-01-03_0000003.jpg");
    assertThat(Files.readString(album.resolve("2015-01-02_0000002.jpg"))).isEqualTo("IMG_20150102_0000002.JPG");
    assertThat(RenameScenario.verify(album, manifest)).isEqualTo(new RenameScenario.Verified(3, List.of()));
  }

  @Test
  void rename_targetExists_neverOverwrites() throws Exception {
    Path album = Files.createDirectories(dir.resolve("album"));
    String name = RenameScenario.oldName(0);
    Files.writeString(album.resolve(name), name, StandardCharsets.US_ASCII);
    Files.writeString(album.resolve(RenameScenario.newName(name)), "someone else's photo");
    RenameScenario.Manifest manifest = RenameScenario.scan(album);
    assertThatThrownBy(() -> RenameScenario.rename(album, manifest)).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(album.resolve(RenameScenario.newName(name)))).isEqualTo("someone else's photo");
  }

  @Test
  void verify_wrongContent_reportsTheFile() throws Exception {
    Path album = Files.createDirectories(dir.resolve("album-0001"));
    for (int i = 0; i < 2; i++) {
      Files.writeString(album.resolve(RenameScenario.oldName(i)), RenameScenario.oldName(i));
    }
    RenameScenario.Manifest manifest = RenameScenario.scan(album);
    RenameScenario.rename(album, manifest);
    Files.writeString(album.resolve(manifest.to().get(1)), "swapped");
    assertThat(RenameScenario.verify(album, manifest)).isEqualTo(new RenameScenario.Verified(1,
        List.of("album-0001/" + manifest.to().get(1) + " does not hold " + manifest.from().get(1))));
  }
}
