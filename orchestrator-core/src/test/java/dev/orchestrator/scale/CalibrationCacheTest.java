package dev.orchestrator.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationCacheTest {

  @TempDir Path dir;

  @AfterEach
  void forget() {
    CalibrationCache.forgetLoaded();
  }

  @Test
  void measuredIn_noFile_measuresAndWritesTheMachineAndJdk() throws IOException {
    CostModel model = CostModel.measuredCachedIn(dir);

    assertThat(model).isEqualTo(CostModel.measured());
    Properties written = read(dir.resolve(CalibrationCache.FILE_NAME));
    assertThat(written.getProperty("jdk")).isEqualTo(CalibrationCache.jdk());
    assertThat(written.getProperty("machine")).isEqualTo(CalibrationCache.machine());
    assertThat(Long.parseLong(written.getProperty("agentStartupNanos")))
        .isEqualTo(model.agentStartup().toNanos());
  }

  @Test
  void measuredIn_fileOfThisMachineAndJdk_isReadNotMeasured() throws IOException {
    write(CalibrationCache.jdk(), CalibrationCache.machine());

    CostModel model = CostModel.measuredCachedIn(dir);

    assertThat(model.agentStartup()).isEqualTo(Duration.ofNanos(7_000));
    assertThat(model.taskDispatch()).isEqualTo(Duration.ofNanos(300));
    assertThat(model.contention()).isEqualTo(0.25);
    assertThat(model.contenders()).isEqualTo(3);
    assertThat(model.agentStartupSource())
        .isEqualTo("measured: test (cached in " + dir.toAbsolutePath().normalize()
            .resolve(CalibrationCache.FILE_NAME) + ", measured 2026-12-01T10:00:00Z)");
  }

  @Test
  void measuredIn_fileOfAnotherJdk_measuresAgainAndReplacesIt() throws IOException {
    write("Other Vendor 17.0.1 /opt/jdk17", CalibrationCache.machine());

    CostModel model = CostModel.measuredCachedIn(dir);

    assertThat(model).isEqualTo(CostModel.measured());
    assertThat(read(dir.resolve(CalibrationCache.FILE_NAME)).getProperty("jdk"))
        .isEqualTo(CalibrationCache.jdk());
  }

  @Test
  void measuredIn_fileOfAnotherMachine_measuresAgain() throws IOException {
    write(CalibrationCache.jdk(), "Linux 6.1 aarch64, 64 processors, host elsewhere");

    assertThat(CostModel.measuredCachedIn(dir)).isEqualTo(CostModel.measured());
  }

  @Test
  void measuredIn_damagedFile_measuresAgain() throws IOException {
    Files.writeString(dir.resolve(CalibrationCache.FILE_NAME), "format=orchestrator-cost-model/1\n"
        + "jdk=" + CalibrationCache.jdk().replace("\\", "\\\\") + "\nmachine="
        + CalibrationCache.machine() + "\nagentStartupNanos=lots\n");

    assertThat(CostModel.measuredCachedIn(dir)).isEqualTo(CostModel.measured());
  }

  @Test
  void measuredIn_sameDirectoryTwice_readsOnce() throws IOException {
    write(CalibrationCache.jdk(), CalibrationCache.machine());
    CostModel first = CostModel.measuredCachedIn(dir);
    Files.delete(dir.resolve(CalibrationCache.FILE_NAME));

    assertThat(CostModel.measuredCachedIn(dir)).isSameAs(first);
  }

  @Test
  void builder_calibrationCache_fillsUnsetFiguresFromTheFile() throws IOException {
    write(CalibrationCache.jdk(), CalibrationCache.machine());

    CostModel model = CostModel.builder().agentStartup(Duration.ofMillis(2))
        .calibrationCache(dir).build();

    assertThat(model.agentStartup()).isEqualTo(Duration.ofMillis(2));
    assertThat(model.taskDispatch()).isEqualTo(Duration.ofNanos(300));
  }

  private void write(String jdk, String machine) throws IOException {
    Properties p = new Properties();
    p.setProperty("format", CalibrationCache.FORMAT);
    p.setProperty("measuredAt", "2026-12-01T10:00:00Z");
    p.setProperty("jdk", jdk);
    p.setProperty("machine", machine);
    p.setProperty("agentStartupNanos", "7000");
    p.setProperty("agentStartupSource", "measured: test");
    p.setProperty("taskDispatchNanos", "300");
    p.setProperty("taskDispatchSource", "measured: test");
    p.setProperty("contention", "0.25");
    p.setProperty("contenders", "3");
    p.setProperty("contentionSource", "measured: test");
    try (OutputStream out = Files.newOutputStream(dir.resolve(CalibrationCache.FILE_NAME))) {
      p.store(out, null);
    }
  }

  private static Properties read(Path file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    }
    return p;
  }
}
