package dev.orchestrator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrator.Orchestrator;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html in headless Chromium through {@code docs/tools/render-report.sh}: the page
 * renders to a PNG and Chromium logs no console error. Skipped when no {@code chromium} binary is
 * on the PATH (Debian: {@code apt-get install -y chromium}). Set {@code -Dorchestrator.screenshots=DIR}
 * to keep the PNGs.
 */
class ReportHtmlChromiumTest {

  private static Path script;

  @BeforeAll
  static void chromium() {
    boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "chromium"))
            || Files.isExecutable(Path.of(dir, "chromium-browser")));
    assumeTrue(found, "chromium is not installed (apt-get install -y chromium): not rendering report.html");
    script = ReportFormat.doc().resolveSibling("tools/render-report.sh");
    assertThat(script).exists();
  }

  @Test
  void reportHtml_ofASmallRunRendersWithoutConsoleErrors(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("run");
    try (Orchestrator orchestrator = Orchestrator.builder().agents(2).runDirectory(dir).build()) {
      orchestrator.run(RunFilesTest.mixedPlan(tmp));
    }
    render(dir.resolve(RunFiles.REPORT_HTML), tmp.resolve("small.png"));
  }

  @Test
  void reportHtml_ofALargeRunRendersWithoutConsoleErrors(@TempDir Path tmp) throws Exception {
    Path html = tmp.resolve(RunFiles.REPORT_HTML);
    HtmlReport.write(html, LargeReports.layered(100, 120, 16));
    render(html, tmp.resolve("large.png"));
  }

  private static void render(Path html, Path png) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", script.toString(), html.toString(), png.toString())
        .redirectErrorStream(true).start();
    boolean ended = p.waitFor(150, TimeUnit.SECONDS);
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!ended) {
      p.destroyForcibly();
    }
    assertThat(ended).as("chromium ended within 150 s").isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).isGreaterThan(10_000);
    assertThat(Arrays.copyOf(bytes, 4)).containsExactly(0x89, 'P', 'N', 'G');
    String keep = System.getProperty("orchestrator.screenshots");
    if (keep != null) {
      Files.createDirectories(Path.of(keep));
      Files.copy(png, Path.of(keep, png.getFileName().toString()),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.copy(html, Path.of(keep, png.getFileName().toString().replace(".png", ".html")),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
