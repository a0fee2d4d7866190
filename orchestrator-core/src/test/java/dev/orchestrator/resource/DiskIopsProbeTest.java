package dev.orchestrator.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskIopsProbeTest {

  @TempDir
  Path dir;

  @Test
  void measure_positiveAndCleansUp() throws IOException {
    DiskIopsProbe.Result result = DiskIopsProbe.measure(dir, Duration.ofMillis(30));

    assertThat(result.iops()).isPositive();
    assertThat(result.description())
        .startsWith("measured: ")
        .contains("synced 4 KiB writes by 8 writers")
        .endsWith("in " + dir);
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void measure_missingDirectory() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DiskIopsProbe.measure(dir.resolve("gone"), Duration.ofMillis(10)))
        .isInstanceOf(IOException.class);
  }
}
