package dev.orchestrator.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.Orchestrator;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process running a 10,000-task workflow with SIGKILL half-way, resumes the run from its
 * journal, and checks that the resume completes it, that no task whose success the journal holds
 * runs again, and that no task is lost.
 */
class CrashResumeTest {

  private static final Duration BOUND = Duration.ofSeconds(90);
  private static final int KILL_AFTER = 3_000; // journaled task ends
  private static final int WORK = 300_000; // about 1 ms of computation per task in the child

  @TempDir
  Path temp;

  @Test
  void sigkillMidRun_resumeCompletesWithoutRerunningJournaledSuccesses() throws Exception {
    Path runDirectory = temp.resolve("run");
    Path firstSide = temp.resolve("executions-1.txt");
    Path secondSide = temp.resolve("executions-2.txt");
    Path journal = runDirectory.resolve("journal.jsonl");

    // 1. A child JVM runs the workflow; kill it once the journal holds KILL_AFTER task ends.
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName(), runDirectory.toString(), firstSide.toString(),
        String.valueOf(WORK))
        .redirectErrorStream(true)
        .redirectOutput(temp.resolve("child.log").toFile())
        .start();
    try {
      awaitEnds(journal, child);
    } finally {
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush, no close
      assertThat(child.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
    assertThat(child.exitValue()).as("killed, not finished: %s",
        Files.readString(temp.resolve("child.log"))).isNotZero();

    // 2. What the journal held at the kill, and what ran.
    Set<String> journaled = succeededIn(journal);
    List<String> firstRuns = Files.readAllLines(firstSide, StandardCharsets.UTF_8);
    Set<String> ranFirst = new HashSet<>(firstRuns);
    assertThat(firstRuns).as("no task ran twice before the kill").doesNotHaveDuplicates();
    assertThat(journaled).hasSizeBetween(KILL_AFTER, CrashWorkflow.TASKS - 1);
    assertThat(ranFirst).containsAll(journaled);

    // 3. Resume in this JVM.
    RunReport report;
    try (Orchestrator orchestrator = Orchestrator.builder().agents(16).build()) {
      report = orchestrator.resume(runDirectory, CrashWorkflow.build(secondSide, 0));
    }

    // The resume completes the run: every task succeeded, the chain sums included.
    assertThat(report.isSuccess()).as("%s", report).isTrue();
    assertThat(report.taskCount()).isEqualTo(CrashWorkflow.TASKS);
    // No task whose success was journaled ran again.
    List<String> secondRuns = Files.readAllLines(secondSide, StandardCharsets.UTF_8);
    assertThat(secondRuns).doesNotHaveDuplicates();
    Set<String> ranAgain = new HashSet<>(secondRuns);
    ranAgain.retainAll(journaled);
    assertThat(ranAgain).as("journaled successes run again").isEmpty();
    // No task is lost: every task ran in one of the runs, and exactly the others were restored.
    Set<String> all = new HashSet<>(ranFirst);
    all.addAll(secondRuns);
    assertThat(all).hasSize(CrashWorkflow.TASKS);
    int restored = 0;
    for (TaskOutcome task : report.tasks()) {
      boolean wasJournaled = journaled.contains(task.taskId());
      assertThat(task.attempts()).as(task.taskId()).isEqualTo(wasJournaled ? 0 : 1);
      restored += wasJournaled ? 1 : 0;
    }
    assertThat(restored).isEqualTo(journaled.size());
    assertThat(secondRuns).hasSize(CrashWorkflow.TASKS - journaled.size());
    // The journal and the counts agree: one success per task, over both runs.
    Map<String, Integer> successes = successesIn(journal);
    assertThat(successes).hasSize(CrashWorkflow.TASKS).allSatisfy((id, n) -> assertThat(n).isOne());
    // Tasks that ran before the kill but whose success had not reached the journal ran again
    // (at-least-once): only the last moments before the kill.
    Set<String> redone = new HashSet<>(ranFirst);
    redone.removeAll(journaled);
    System.out.printf("crash test: %d tasks journaled as succeeded at the kill, %d ran before it,"
            + " %d of those redone after it, %d run by the resume%n", journaled.size(),
        ranFirst.size(), redone.size(), secondRuns.size());
    assertThat(redone.size()).isLessThan(CrashWorkflow.TASKS / 20);
  }

  /** Waits, on file-change events, until the journal holds KILL_AFTER task ends. */
  private static void awaitEnds(Path journal, Process child) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    Files.createDirectories(journal.getParent());
    try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
      journal.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY);
      while (countEnds(journal) < KILL_AFTER) {
        if (!child.isAlive()) {
          throw new AssertionError("the child ended before the kill: exit " + child.exitValue());
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the journal did not reach " + KILL_AFTER + " ends within " + BOUND);
        }
        var key = watcher.poll(100, TimeUnit.MILLISECONDS); // a change, or a moment to re-check
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    }
  }

  private static int countEnds(Path journal) throws IOException {
    if (!Files.exists(journal)) {
      return 0;
    }
    int ends = 0;
    for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
      if (line.startsWith("{\"type\":\"end\"")) {
        ends++;
      }
    }
    return ends;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The tasks with a complete SUCCEEDED end line (a torn last line does not count). */
  private static Set<String> succeededIn(Path journal) throws IOException {
    return successesIn(journal).keySet();
  }

  private static Map<String, Integer> successesIn(Path journal) throws IOException {
    String text = Files.readString(journal, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    String last = lines.remove(lines.size() - 1); // after the last newline: empty, or torn
    Map<String, Integer> successes = new HashMap<>();
    for (String line : lines) {
      JsonNode entry = JSON.readTree(line);
      if (entry.get("type").asText().equals("end") && entry.get("state").asText().equals("SUCCEEDED")) {
        successes.merge(entry.get("task").asText(), 1, Integer::sum);
      }
    }
    assertThat(last.isEmpty() || !last.endsWith("}") || last.startsWith("{")).isTrue();
    return successes;
  }
}
