package dev.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The sources and docs hold no leftover merge-conflict markers (one once reached the README). */
class RepositoryHygieneTest {

  private static final Set<String> TEXT = Set.of(".java", ".md", ".xml", ".json", ".yml", ".sh", ".html");

  @Test
  void sourcesAndDocs_haveNoConflictMarkers() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent(); // surefire runs in orchestrator-core
    List<String> found = new ArrayList<>();
    for (String top : List.of("README.md", "docs", "orchestrator-core/src", "orchestrator-examples/src",
        "pom.xml", "orchestrator-core/pom.xml", "orchestrator-examples/pom.xml", ".github", ".ci")) {
      Path start = root.resolve(top);
      if (!Files.exists(start)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(start)) {
        for (Path file : files.filter(Files::isRegularFile).filter(RepositoryHygieneTest::isText).toList()) {
          List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
          for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("<<<<<<< ") || line.startsWith(">>>>>>> ") || line.equals("=======")) {
              found.add(root.relativize(file) + ":" + (i + 1) + ": " + line);
            }
          }
        }
      }
    }
    assertThat(found).as("merge-conflict markers").isEmpty();
  }

  private static boolean isText(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot >= 0 && TEXT.contains(name.substring(dot)) || name.equals("run");
  }
}
