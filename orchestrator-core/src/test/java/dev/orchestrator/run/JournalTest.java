package dev.orchestrator.run;

import static dev.orchestrator.run.Runs.await;
import static dev.orchestrator.run.Runs.finish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.internal.OwnerOnlyFiles;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.TaskSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  /** Executions per task id. */
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  record Total(String name, int value) {}

  private void ran(String id) {
    runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
  }

  private int ran(String id, int ignored) {
    AtomicInteger n = runs.get(id);
    return n == null ? 0 : n.get();
  }

  private static List<JsonNode> lines(Path journal) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(journal)) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  private static RunOptions.Builder journaled(Path dir) {
    return RunOptions.builder().agents(2).runDirectory(dir).journal(true);
  }

  /** a -> b (DATA), c fails while {@code failing} is set, d after c. */
  private Plan plan(AtomicBoolean failing) {
    return Plan.builder("journal")
        .add(TaskSpec.builder("a").produce(ctx -> {
          ran("a");
          return new Total("sum", 42);
        }).build())
        .add(TaskSpec.builder("b").after(DependencyKind.DATA, "a").produce(ctx -> {
          ran("b");
          return ctx.input("a", Total.class).value() + 1;
        }).build())
        .add(TaskSpec.builder("c").run(ctx -> {
          ran("c");
          if (failing.get()) {
            throw new IOException("c is broken");
          }
        }).build())
        .add(TaskSpec.builder("d").after(DependencyKind.DATA, "b").after("c").run(ctx -> {
          ran("d");
          assertThat(ctx.input("b", Integer.class)).isEqualTo(43);
        }).build())
        .build();
  }

  @Test
  void run_writesEveryStateChangeAsJsonLinesInAnOwnerOnlyFile() throws Exception {
    Path dir = temp.resolve("runs/1");
    RunReport report = finish(Engine.start(plan(new AtomicBoolean()), journaled(dir).build()));
    assertThat(report.isSuccess()).isTrue();
    Path journal = dir.resolve("journal.jsonl");
    assertThat(Files.readAllLines(journal)).allMatch(l -> l.startsWith("{\"type\":\"") && l.endsWith("}"));
    List<JsonNode> lines = lines(journal);
    assertThat(lines.get(0).get("type").asText()).isEqualTo("run");
    assertThat(lines.get(0).get("version").asInt()).isEqualTo(1);
    assertThat(lines.get(0).get("plan").asText()).isEqualTo("journal");
    assertThat(lines.get(0).get("tasks").asInt()).isEqualTo(4);
    assertThat(lines.get(0).get("resumed").asBoolean()).isFalse();
    assertThat(lines).filteredOn(l -> l.get("type").asText().equals("start")).hasSize(4);
    assertThat(lines).filteredOn(l -> l.get("type").asText().equals("end"))
        .extracting(l -> l.get("task").asText() + ":" + l.get("state").asText())
        .containsExactlyInAnyOrder("a:SUCCEEDED", "b:SUCCEEDED", "c:SUCCEEDED", "d:SUCCEEDED");
    JsonNode endA = lines.stream().filter(l -> l.path("task").asText().equals("a")
        && l.get("type").asText().equals("end")).findFirst().orElseThrow();
    assertThat(endA.get("output")).isEqualTo(JSON.readTree("{\"name\":\"sum\",\"value\":42}"));
    JsonNode endC = lines.stream().filter(l -> l.path("task").asText().equals("c")
        && l.get("type").asText().equals("end")).findFirst().orElseThrow();
    assertThat(endC.has("output")).as("c has no DATA dependent: its output is not journaled").isFalse();
    JsonNode last = lines.get(lines.size() - 1);
    assertThat(last.get("type").asText()).isEqualTo("finished");
    assertThat(last.get("succeeded").asInt()).isEqualTo(4);
    if (OwnerOnlyFiles.isPosix(journal)) {
      assertThat(Files.getPosixFilePermissions(journal)).isEqualTo(OwnerOnlyFiles.FILE);
      assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(OwnerOnlyFiles.DIRECTORY);
      assertThat(Files.getPosixFilePermissions(dir.getParent())).isEqualTo(OwnerOnlyFiles.DIRECTORY);
    }
  }

  @Test
  void run_reportFilesOff_leavesOnlyTheJournal() throws Exception {
    Path dir = temp.resolve("journal-only");
    finish(Engine.start(plan(new AtomicBoolean()), journaled(dir).reportFiles(false).build()));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("journal.jsonl");
    }
    Path both = temp.resolve("both");
    finish(Engine.start(plan(new AtomicBoolean()), journaled(both).build()));
    try (var files = Files.list(both)) {
      assertThat(files.map(p -> p.getFileName().toString())).contains("journal.jsonl", "report.json");
    }
    if (OwnerOnlyFiles.isPosix(both)) {
      assertThat(Files.getPosixFilePermissions(both.resolve("report.json"))).isEqualTo(OwnerOnlyFiles.FILE);
      assertThat(Files.getPosixFilePermissions(both.resolve("report.html"))).isEqualTo(OwnerOnlyFiles.FILE);
      assertThat(Files.getPosixFilePermissions(both.resolve("manifests"))).isEqualTo(OwnerOnlyFiles.DIRECTORY);
    }
  }

  @Test
  void resume_skipsSucceededTasksRestoresTheirOutputsAndRunsTheRest() throws Exception {
    AtomicBoolean failing = new AtomicBoolean(true);
    Path dir = temp.resolve("run");
    RunReport first = finish(Engine.start(plan(failing), journaled(dir).build()));
    assertThat(first.state("c")).isEqualTo(TaskState.FAILED);
    assertThat(first.state("d")).isEqualTo(TaskState.SKIPPED);
    failing.set(false);
    runs.clear();
    RunReport second = finish(Engine.resume(plan(failing), journaled(dir).build()));
    assertThat(second.isSuccess()).isTrue();
    assertThat(ran("a", 0)).isZero();
    assertThat(ran("b", 0)).isZero();
    assertThat(ran("c", 0)).isEqualTo(1);
    assertThat(ran("d", 0)).isEqualTo(1); // read b's output, restored from the journal
    assertThat(second.task("a").attempts()).isZero();
    assertThat(second.task("a").cause()).contains("succeeded in an earlier run (restored from the journal)");
    List<JsonNode> lines = lines(dir.resolve("journal.jsonl"));
    assertThat(lines).filteredOn(l -> l.get("type").asText().equals("run")).hasSize(2)
        .last().satisfies(h -> {
          assertThat(h.get("resumed").asBoolean()).isTrue();
          assertThat(h.get("restored").asInt()).isEqualTo(2);
        });
    // Resuming a finished run runs nothing.
    runs.clear();
    RunReport third = finish(Engine.resume(plan(failing), journaled(dir).build()));
    assertThat(third.isSuccess()).isTrue();
    assertThat(runs).isEmpty();
  }

  @Test
  void resume_tornLastLine_isIgnoredAndCutOff() throws Exception {
    AtomicBoolean failing = new AtomicBoolean(true);
    Path dir = temp.resolve("torn");
    finish(Engine.start(plan(failing), journaled(dir).build()));
    Path journal = dir.resolve("journal.jsonl");
    Files.writeString(journal, "{\"type\":\"end\",\"task\":\"c\",\"sta", StandardOpenOption.APPEND);
    failing.set(false);
    runs.clear();
    RunReport report = finish(Engine.resume(plan(failing), journaled(dir).build()));
    assertThat(report.isSuccess()).isTrue();
    assertThat(ran("c", 0)).isEqualTo(1);
    assertThat(lines(journal)).allMatch(l -> l.has("type")); // every line parses again
  }

  @Test
  void resume_lastLineWithoutItsNewline_isKeptAndEnded() throws Exception {
    Path dir = temp.resolve("nl");
    finish(Engine.start(plan(new AtomicBoolean()), journaled(dir).build()));
    Path journal = dir.resolve("journal.jsonl");
    byte[] bytes = Files.readAllBytes(journal);
    Files.write(journal, java.util.Arrays.copyOf(bytes, bytes.length - 1)); // drop the last '\n'
    runs.clear();
    RunReport report = finish(Engine.resume(plan(new AtomicBoolean()), journaled(dir).build()));
    assertThat(report.isSuccess()).isTrue();
    assertThat(runs).isEmpty();
    assertThat(lines(journal)).allMatch(l -> l.has("type"));
  }

  @Test
  void resume_corruptLineInTheMiddle_isAnErrorNamingTheLine() throws Exception {
    Path dir = temp.resolve("corrupt");
    finish(Engine.start(plan(new AtomicBoolean()), journaled(dir).build()));
    Path journal = dir.resolve("journal.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(journal));
    lines.set(2, "{\"type\":\"end\",\"task\":\"a\",\"state\":\"SUCC");
    Files.write(journal, lines);
    assertThatThrownBy(() -> Engine.resume(plan(new AtomicBoolean()), journaled(dir).build()))
        .isInstanceOf(JournalFormatException.class)
        .hasMessageStartingWith(journal + ":3: not a JSON object: Unexpected end-of-input")
        .hasMessageEndingWith("; the journal is damaged before its end, so resuming from it could"
            + " lose or repeat work. Restore the file from a backup, or start the run afresh in a"
            + " new directory")
        .extracting(e -> ((JournalFormatException) e).line()).isEqualTo(3L);
  }

  @Test
  void resume_entryOfAnUnknownTypeOrWithoutItsFields_isAnError() throws Exception {
    Path dir = temp.resolve("unknown");
    finish(Engine.start(plan(new AtomicBoolean()), journaled(dir).build()));
    Path journal = dir.resolve("journal.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(journal));
    lines.add(1, "{\"type\":\"teleport\"}");
    Files.write(journal, lines);
    assertThatThrownBy(() -> Engine.resume(plan(new AtomicBoolean()), journaled(dir).build()))
        .isInstanceOf(JournalFormatException.class)
        .hasMessageStartingWith(journal + ":2: unknown entry type 'teleport'");
    lines.set(1, "{\"type\":\"end\",\"state\":\"SUCCEEDED\"}");
    Files.write(journal, lines);
    assertThatThrownBy(() -> Engine.resume(plan(new AtomicBoolean()), journaled(dir).build()))
        .isInstanceOf(JournalFormatException.class)
        .hasMessageStartingWith(journal + ":2: the entry has no text field 'task'");
  }

  @Test
  void resume_journalOfAnotherPlan_isAnErrorNamingTheTask() throws Exception {
    Path dir = temp.resolve("other");
    finish(Engine.start(plan(new AtomicBoolean()), journaled(dir).build()));
    Plan other = Plan.builder("other").add(TaskSpec.builder("x").run(ctx -> {}).build()).build();
    assertThatThrownBy(() -> Engine.resume(other, journaled(dir).build()))
        .isInstanceOf(JournalFormatException.class)
        .hasMessageMatching(".*journal\\.jsonl:\\d+: task '.' succeeded in the journaled run of"
            + " plan 'journal', but the plan being resumed has no such task; resume with the"
            + " workflow the journal was written for");
  }

  @Test
  void resume_newerFormat_isAnError() throws Exception {
    Path dir = temp.resolve("newer");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("journal.jsonl"), "{\"type\":\"run\",\"version\":2,\"plan\":\"p\"}\n");
    assertThatThrownBy(() -> Engine.resume(plan(new AtomicBoolean()), journaled(dir).build()))
        .isInstanceOf(JournalFormatException.class)
        .hasMessage(dir.resolve("journal.jsonl") + ":1: the journal has format version 2; this"
            + " version of Orchestrator reads version 1");
  }

  @Test
  void resume_outputThatIsNotJson_runsTheTaskAgain() throws Exception {
    Path dir = temp.resolve("opaque");
    AtomicBoolean failing = new AtomicBoolean(true);
    Plan.Builder builder = Plan.builder("opaque")
        .add(TaskSpec.builder("socket").produce(ctx -> {
          ran("socket");
          return new Object(); // no properties: not JSON
        }).build())
        .add(TaskSpec.builder("use").after(DependencyKind.DATA, "socket").run(ctx -> {
          ran("use");
          if (failing.get()) {
            throw new IOException("not yet");
          }
        }).build());
    Plan plan = builder.build();
    finish(Engine.start(plan, journaled(dir).build()));
    JsonNode end = lines(dir.resolve("journal.jsonl")).stream()
        .filter(l -> l.path("task").asText().equals("socket") && l.get("type").asText().equals("end"))
        .findFirst().orElseThrow();
    assertThat(end.get("outputError").asText()).startsWith("InvalidDefinitionException: No serializer found");
    failing.set(false);
    runs.clear();
    assertThat(finish(Engine.resume(plan, journaled(dir).build())).isSuccess()).isTrue();
    assertThat(ran("socket", 0)).isEqualTo(1);
    assertThat(ran("use", 0)).isEqualTo(1);
  }

  @Test
  void resume_restoredOutputReadAsTheWrongType_namesTheTaskAndLine() throws Exception {
    Path dir = temp.resolve("type");
    AtomicBoolean failing = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    Plan plan = Plan.builder("type")
        .add(TaskSpec.builder("a").produce(ctx -> "text").build())
        .add(TaskSpec.builder("b").after(DependencyKind.DATA, "a").run(ctx -> {
          if (failing.get()) {
            throw new IOException("later");
          }
          reads.incrementAndGet();
          ctx.input("a", Total.class);
        }).build())
        .build();
    finish(Engine.start(plan, journaled(dir).build()));
    failing.set(false);
    RunReport report = finish(Engine.resume(plan, journaled(dir).build()));
    assertThat(reads).hasValue(1);
    assertThat(report.task("b").cause().orElseThrow()).matches("IllegalArgumentException: task 'b':"
        + " the output of 'a' was restored from the run journal \\(line \\d+\\) as JSON and cannot"
        + " be read as a dev.orchestrator.run.JournalTest\\$Total: .*");
  }

  @Test
  void start_directoryWithAJournal_isRefused() throws Exception {
    Path dir = temp.resolve("used");
    finish(Engine.start(plan(new AtomicBoolean()), journaled(dir).build()));
    assertThatThrownBy(() -> Engine.start(plan(new AtomicBoolean()), journaled(dir).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("run directory " + dir + " already holds a journal (")
        .hasMessageEndingWith(" bytes): resume it with Orchestrator.resume(" + dir + ", workflow),"
            + " or run in an empty directory");
  }

  @Test
  void resume_withoutDirectoryOrJournal_isRefused() {
    assertThatThrownBy(() -> Engine.resume(plan(new AtomicBoolean()), RunOptions.builder().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resuming needs the run directory: set RunOptions.Builder.runDirectory(directory)");
    assertThatThrownBy(() -> Engine.resume(plan(new AtomicBoolean()), journaled(temp).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("run directory " + temp + " holds no journal (journal.jsonl): there is nothing"
            + " to resume; start the run with a run directory to keep a journal");
  }

  @Test
  void start_journalThatCannotBeCreated_failsBeforeAnythingRuns() throws IOException {
    Path file = Files.writeString(temp.resolve("not-a-directory"), "x");
    assertThatThrownBy(() -> Engine.start(plan(new AtomicBoolean()), journaled(file).build()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot open the run journal in " + file + ": ");
    assertThat(runs).isEmpty();
  }

  @Test
  void run_journalWriteFailure_cancelsTheRun() throws Exception {
    Path dir = temp.resolve("failing");
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    Plan plan = Runs.plan(TaskSpec.builder("wait").run(ctx -> {
      started.countDown();
      await(never);
    }).build(), Runs.noop("after", "wait"));
    Run run = Engine.start(plan, journaled(dir).build());
    await(started);
    ((RunExecution) run).journal().post(json -> {
      throw new IOException("No space left on device");
    });
    RunReport report = finish(run);
    assertThat(report.wasCancelled()).isTrue();
    assertThat(report.task("after").cause().orElseThrow()).isEqualTo("the run journal "
        + dir.resolve("journal.jsonl") + " could not be written (java.io.IOException: No space left"
        + " on device); the run was cancelled so that it can be resumed from what the journal holds");
  }

  @Test
  void resume_compensatedTasksRunAgain() throws Exception {
    Path dir = temp.resolve("rolled-back");
    AtomicBoolean failing = new AtomicBoolean(true);
    Plan.Builder builder = Plan.builder("saga");
    for (int i = 0; i < 6; i++) {
      String id = "step-" + i;
      int k = i;
      builder.add(TaskSpec.builder(id).compensate(ctx -> {}).run(ctx -> {
        ran(id);
        if (k >= 3 && failing.get()) {
          throw new IOException("down");
        }
      }).build());
    }
    Plan plan = builder.build();
    RunReport first = finish(Engine.start(plan, RunOptions.builder().agents(1).runDirectory(dir).journal(true)
        .failureAdaptation(FailureAdaptation.builder().window(6).minSample(4).minFailures(2)
            .systematic(0.9, 2).build()).build()));
    assertThat(first.compensations()).hasSize(3);
    assertThat(lines(dir.resolve("journal.jsonl")))
        .filteredOn(l -> l.get("type").asText().equals("compensated")).hasSize(3);
    failing.set(false);
    runs.clear();
    RunReport second = finish(Engine.resume(plan, RunOptions.builder().agents(1).runDirectory(dir).build()));
    assertThat(second.isSuccess()).isTrue();
    assertThat(runs.keySet()).containsExactlyInAnyOrder("step-0", "step-1", "step-2", "step-3",
        "step-4", "step-5");
  }

  @Test
  void post_writerFarBehind_makesThePosterWaitUntilItCatchesUp() throws Exception {
    JournalWriter writer = JournalWriter.create(temp.resolve("slow"), JournalSync.never(),
        e -> { }, "slow", EngineClock.system()).start("slow", "p", 0, false, 0);
    CountDownLatch disk = new CountDownLatch(1);
    writer.post(json -> {
      try {
        disk.await(); // the disk hangs: the writer thread is stuck on this entry
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      json.writeStringField("type", "pool");
    });
    AtomicInteger posted = new AtomicInteger();
    Thread agent = Thread.ofVirtual().start(() -> {
      for (int i = 0; i < JournalWriter.MAX_QUEUED + 10; i++) {
        writer.post(json -> json.writeStringField("type", "pool"));
        posted.incrementAndGet();
      }
    });
    Runs.until(() -> writer.backpressureWaits() == 1, "the agent waits for the writer");
    assertThat(posted.get()).isEqualTo(JournalWriter.MAX_QUEUED - 1);
    disk.countDown();
    agent.join(Runs.BOUND);
    assertThat(posted.get()).isEqualTo(JournalWriter.MAX_QUEUED + 10);
    writer.close();
    assertThat(Files.readAllLines(temp.resolve("slow/journal.jsonl"))).hasSize(JournalWriter.MAX_QUEUED + 12);
  }

  @Test
  void journalSync_policies() {
    assertThat(JournalSync.everyBatch().due(0)).isTrue();
    assertThat(JournalSync.never().due(Long.MAX_VALUE)).isFalse();
    assertThat(JournalSync.never().syncsOnClose()).isFalse();
    JournalSync periodic = JournalSync.periodic(java.time.Duration.ofMillis(10));
    assertThat(periodic.due(9_999_999)).isFalse();
    assertThat(periodic.due(10_000_000)).isTrue();
    assertThat(periodic).hasToString("JournalSync.periodic(PT0.01S)");
    assertThatThrownBy(() -> JournalSync.periodic(java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("sync interval must be positive: PT0S");
    assertThatThrownBy(() -> RunOptions.builder().journalSync(null))
        .isInstanceOf(NullPointerException.class).hasMessage("journal sync cannot be null");
    assertThatThrownBy(() -> RunOptions.builder().runDirectory(null))
        .isInstanceOf(NullPointerException.class).hasMessage("run directory cannot be null");
    assertThatThrownBy(() -> RunOptions.builder().journal(true).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a journal needs a run directory: set runDirectory(directory) as well");
  }

  @Test
  void journal_everyBatchSyncs_neverDoesNot() throws Exception {
    Path a = temp.resolve("a");
    Path b = temp.resolve("b");
    Run synced = Engine.start(plan(new AtomicBoolean()), journaled(a).build());
    finish(synced);
    Run unsynced = Engine.start(plan(new AtomicBoolean()),
        journaled(b).journalSync(JournalSync.never()).build());
    finish(unsynced);
    assertThat(((RunExecution) synced).journal().syncs()).isPositive();
    assertThat(((RunExecution) unsynced).journal().syncs()).isZero();
    assumeThat(Files.size(b.resolve("journal.jsonl"))).isPositive();
    assertThat(new String(Files.readAllBytes(b.resolve("journal.jsonl")), StandardCharsets.UTF_8))
        .endsWith("\n");
  }
}
