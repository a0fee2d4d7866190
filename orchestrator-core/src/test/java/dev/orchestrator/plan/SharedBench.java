package dev.orchestrator.plan;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds {@code ../shared/bench} (benchmark graphs kept outside the project): the system property
 * {@code orchestrator.shared} (set by surefire), else {@code ../shared} or {@code ../../shared}.
 * Tests that need it are skipped, with a message, where it is absent.
 */
public final class SharedBench {

  private SharedBench() {}

  /** The bench directory; skips the calling test when it cannot be found. */
  public static Path dir() {
    String property = System.getProperty("orchestrator.shared");
    for (String candidate : new String[] {property, "../shared", "../../shared"}) {
      if (candidate != null) {
        Path bench = Path.of(candidate, "bench");
        if (Files.isDirectory(bench)) {
          return bench;
        }
      }
    }
    assumeTrue(false, "../shared/bench not found (set -Dorchestrator.shared=DIR): skipping the"
        + " tests on external benchmark graphs");
    throw new AssertionError("unreachable");
  }
}
