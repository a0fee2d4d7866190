package dev.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.observe.FailurePattern;
import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskOutcome;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.RetryPolicy;
import dev.orchestrator.task.TaskContext;
import dev.orchestrator.task.TaskSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of a thousand tasks with faults injected: random throws at 1 %, 5 % and 20 %, timeouts,
 * tasks that ignore interrupts, a systematic failure, failures confined to one group, and all of it
 * at once with a journal. Every run must end; every task ends in exactly one terminal state; the
 * counts reconcile with the faults injected; no task gets more attempts than its policy allows;
 * compensations run in reverse completion order. The figures each run prints are the ones in
 * {@code docs/reliability.md}.
 */
class FaultInjectionTest {

  private static final int TASKS = 1_000;
  private static final int AGENTS = 16;
  private static final int MAX_ATTEMPTS = 3;
  private static final List<String> FIGURES = new CopyOnWriteArrayList<>();

  @TempDir
  Path temp;

  /** Released at the end of each test: tasks that ignore interrupts wait on it. */
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseDeafTasks() {
    release.countDown();
  }

  @AfterAll
  static void printFigures() {
    System.out.println("| scenario | tasks | faults injected | attempts | succeeded | failed | skipped"
        + " | cancelled | abandoned | pool changes | analyses | compensations |");
    FIGURES.forEach(System.out::println);
  }

  // ------------------------------------------------------------------ the injector

  /** Decides, from a hash of the task and attempt, which attempts fail; counts what it injected. */
  static final class Faults {
    final double rate;
    final long seed;
    final AtomicInteger injected = new AtomicInteger();
    final Set<String> failedAttempts = ConcurrentHashMap.newKeySet();

    Faults(double rate, long seed) {
      this.rate = rate;
      this.seed = seed;
    }

    boolean hits(int task, int attempt) {
      long h = seed ^ (task * 0x9E3779B97F4A7C15L) ^ (attempt * 0xC2B2AE3D27D4EB4FL);
      h ^= h >>> 33;
      h *= 0xFF51AFD7ED558CCDL;
      h ^= h >>> 33;
      return (h >>> 11) * 0x1.0p-53 < rate;
    }

    void maybeThrow(int task, TaskContext ctx) throws IOException {
      if (hits(task, ctx.attempt())) {
        injected.incrementAndGet();
        failedAttempts.add(ctx.taskId() + "#" + ctx.attempt());
        throw new IOException("injected fault in " + ctx.taskId() + " attempt " + ctx.attempt());
      }
    }
  }

  private static RetryPolicy retry() {
    return RetryPolicy.builder().maxAttempts(MAX_ATTEMPTS).backoff(Duration.ofMillis(1),
        Duration.ofMillis(4)).jitter(0.5).build();
  }

  /** Task i depends on task i - 50 for every seventh task, so failures skip some dependents. */
  private static TaskSpec.Builder task(int i) {
    TaskSpec.Builder b = TaskSpec.builder(String.format(Locale.ROOT, "t%04d", i)).retry(retry());
    if (i >= 50 && i % 7 == 0) {
      b.after(String.format(Locale.ROOT, "t%04d", i - 50));
    }
    return b;
  }

  private static RunOptions.Builder options(List<RunEvent> events) {
    return RunOptions.builder().agents(AGENTS).listener(events::add);
  }

  // ------------------------------------------------------------------ the checks

  /** The invariants of every run, and its line of figures. */
  private static RunReport check(String scenario, Run run, List<RunEvent> events,
      java.util.function.IntSupplier injected)
      throws InterruptedException {
    RunReport report = Runs.finish(run); // ends within the bound; counts reconcile
    Runs.allDelivered(events);
    assertThat(report.taskCount()).isEqualTo(TASKS);
    Map<TaskState, Integer> byState = new HashMap<>();
    int attempts = 0;
    for (TaskOutcome task : report.tasks()) {
      assertThat(task.state().isTerminal()).as(task.taskId()).isTrue();
      byState.merge(task.state(), 1, Integer::sum);
      assertThat(task.attempts()).as("attempts of %s", task.taskId()).isBetween(0, MAX_ATTEMPTS);
      attempts += task.attempts();
      if (task.state() == TaskState.SUCCEEDED || task.state() == TaskState.FAILED) {
        assertThat(task.attempts()).as(task.taskId()).isPositive();
      }
      if (task.state() == TaskState.SKIPPED) {
        assertThat(task.attempts()).isZero();
        assertThat(task.cause()).get().asString().startsWith("dependency '");
      }
    }
    assertThat(report.succeeded() + report.failed() + report.skipped() + report.cancelled())
        .isEqualTo(TASKS);
    assertThat(byState.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(TASKS);
    // Exactly one TaskFinished per task, matching the report.
    assertThat(report.eventsDropped()).isZero();
    Map<String, TaskState> finished = new HashMap<>();
    for (RunEvent e : events) {
      if (e instanceof RunEvent.TaskFinished f) {
        assertThat(finished.put(f.taskId(), f.state())).as("one end for %s", f.taskId()).isNull();
        assertThat(f.state()).isEqualTo(report.state(f.taskId()));
      }
    }
    assertThat(finished).hasSize(TASKS);
    FIGURES.add(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s | %d |",
        scenario, TASKS, injected.getAsInt(), attempts, report.succeeded(), report.failed(), report.skipped(),
        report.cancelled(), report.pool().abandonedAttempts(), report.adjustments().size(),
        report.failureAnalyses().isEmpty() ? "0"
            : report.failureAnalyses().size() + " (" + String.join(", ", report.failureAnalyses()
                .stream().map(a -> a.classification().label()).distinct().toList()) + ")",
        report.compensations().size()));
    return report;
  }

  /** Failed attempts are exactly the injected faults; tasks fail only when every attempt did. */
  private static void reconcileRandom(RunReport report, Faults faults) {
    int attempts = report.tasks().stream().mapToInt(TaskOutcome::attempts).sum();
    int ran = 0;
    for (TaskOutcome task : report.tasks()) {
      if (task.attempts() > 0 && task.state() != TaskState.CANCELLED) {
        ran++;
      }
      if (task.state() == TaskState.FAILED) {
        assertThat(task.attempts()).isEqualTo(MAX_ATTEMPTS);
        for (int a = 1; a <= MAX_ATTEMPTS; a++) {
          assertThat(faults.failedAttempts).contains(task.taskId() + "#" + a);
        }
      }
      if (task.state() == TaskState.SUCCEEDED) {
        assertThat(faults.failedAttempts).doesNotContain(task.taskId() + "#" + task.attempts());
      }
    }
    // Every attempt either was the last one of a task that ran, or failed with an injected fault.
    assertThat(attempts).isEqualTo(ran + faults.injected.get() - report.failed());
  }

  // ------------------------------------------------------------------ scenarios

  private void randomThrows(double rate, String scenario) throws Exception {
    Faults faults = new Faults(rate, 42);
    Plan.Builder plan = Plan.builder(scenario);
    for (int i = 0; i < TASKS; i++) {
      int k = i;
      plan.add(task(i).run(ctx -> faults.maybeThrow(k, ctx)).build());
    }
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    RunReport report = check(scenario, Engine.start(plan.build(), options(events).build()), events,
        faults.injected::get);
    reconcileRandom(report, faults);
    assertThat(report.cancelled()).isZero();
    assertThat(report.failureAnalyses()).allMatch(a -> a.classification() != FailurePattern.SYSTEMATIC);
  }

  @Test
  void randomThrows_onePercent() throws Exception {
    randomThrows(0.01, "random throws 1 %");
  }

  @Test
  void randomThrows_fivePercent() throws Exception {
    randomThrows(0.05, "random throws 5 %");
  }

  @Test
  void randomThrows_twentyPercent() throws Exception {
    randomThrows(0.20, "random throws 20 %");
  }

  @Test
  void timeouts_interruptedAttemptsAreRetried() throws Exception {
    Faults faults = new Faults(0.05, 7);
    CountDownLatch never = new CountDownLatch(1);
    Plan.Builder plan = Plan.builder("timeouts");
    for (int i = 0; i < TASKS; i++) {
      int k = i;
      plan.add(task(i).timeout(Duration.ofMillis(20)).run(ctx -> {
        if (faults.hits(k, ctx.attempt())) {
          faults.injected.incrementAndGet();
          never.await(); // answers the interrupt
        }
      }).build());
    }
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    RunReport report = check("timeouts (5 % hang, 20 ms limit)",
        Engine.start(plan.build(), options(events).build()), events, faults.injected::get);
    assertThat(report.pool().abandonedAttempts()).isZero();
    int attempts = report.tasks().stream().mapToInt(TaskOutcome::attempts).sum();
    int ran = (int) report.tasks().stream().filter(t -> t.attempts() > 0).count();
    assertThat(attempts).isEqualTo(ran + faults.injected.get() - report.failed());
    for (TaskOutcome t : report.tasks()) {
      if (t.state() == TaskState.FAILED) {
        assertThat(t.cause()).get().asString().contains("timed out after PT0.02S");
      }
    }
  }

  @Test
  void tasksIgnoringInterrupts_areAbandonedAndCounted() throws Exception {
    AtomicInteger deaf = new AtomicInteger();
    Plan.Builder plan = Plan.builder("deaf");
    for (int i = 0; i < TASKS; i++) {
      boolean stubborn = i % 100 == 13; // 10 tasks
      plan.add(task(i).retry(RetryPolicy.none()).timeout(Duration.ofMillis(20)).run(ctx -> {
        if (stubborn) {
          deaf.incrementAndGet();
          while (release.getCount() > 0) {
            try {
              release.await();
            } catch (InterruptedException swallowed) {
              // ignores the interrupt and goes on waiting
            }
          }
        }
      }).build());
    }
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    RunReport report = check("ignoring interrupts (10 tasks)",
        Engine.start(plan.build(), options(events).timeoutGrace(Duration.ofMillis(20)).build()),
        events, deaf::get);
    assertThat(deaf).hasValue(10);
    assertThat(report.failed()).isEqualTo(10);
    assertThat(report.pool().abandonedAttempts()).isEqualTo(10);
    assertThat(report.pool().agents().stream().filter(a -> a.abandoned()).count()).isEqualTo(10);
    for (String id : report.ids(TaskState.FAILED)) {
      assertThat(report.task(id).cause()).get().asString()
          .endsWith("the attempt ignored the interrupt and was abandoned");
    }
  }

  @Test
  void systematicFailure_abortsAndCompensatesInReverseCompletionOrder() throws Exception {
    AtomicBoolean outage = new AtomicBoolean();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger injected = new AtomicInteger();
    List<String> compensated = new CopyOnWriteArrayList<>();
    Plan.Builder plan = Plan.builder("systematic");
    for (int i = 0; i < TASKS; i++) {
      plan.add(task(i).compensate(ctx -> compensated.add(ctx.taskId())).run(ctx -> {
        if (done.incrementAndGet() > 300) {
          outage.set(true);
        }
        if (outage.get()) {
          injected.incrementAndGet();
          throw new IOException("registry.example.com: connection refused");
        }
      }).build());
    }
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    RunReport report = check("systematic failure after 300 tasks",
        Engine.start(plan.build(), options(events).build()), events, injected::get);
    assertThat(report.failureAnalyses()).extracting(RunEvent.FailureAnalysis::classification)
        .last().isEqualTo(FailurePattern.SYSTEMATIC);
    assertThat(report.wasCancelled()).isTrue();
    assertThat(report.cancelled()).isPositive();
    // Completion order = the order of the SUCCEEDED TaskFinished events.
    List<String> completion = new ArrayList<>();
    for (RunEvent e : events) {
      if (e instanceof RunEvent.TaskFinished f && f.state() == TaskState.SUCCEEDED) {
        completion.add(f.taskId());
      }
    }
    assertThat(completion).hasSize(report.succeeded());
    List<String> reversed = new ArrayList<>(completion);
    java.util.Collections.reverse(reversed);
    assertThat(compensated).containsExactlyElementsOf(reversed);
    assertThat(report.compensations()).extracting(RunEvent.TaskCompensated::taskId)
        .containsExactlyElementsOf(reversed);
    // Every compensation came after every task had stopped.
    int lastFinished = -1;
    int firstCompensation = Integer.MAX_VALUE;
    for (int k = 0; k < events.size(); k++) {
      if (events.get(k) instanceof RunEvent.TaskFinished) {
        lastFinished = k;
      }
      if (events.get(k) instanceof RunEvent.TaskCompensated) {
        firstCompensation = Math.min(firstCompensation, k);
      }
    }
    assertThat(firstCompensation).isGreaterThan(lastFinished);
  }

  @Test
  void failuresConfinedToOneGroup_pauseItAndTheOthersFinish() throws Exception {
    String[] groups = {"eu", "us", "ap", "sa"};
    AtomicInteger injected = new AtomicInteger();
    Plan.Builder plan = Plan.builder("grouped");
    for (int i = 0; i < TASKS; i++) {
      String group = groups[i % groups.length];
      plan.add(task(i).group(group).run(ctx -> {
        if (group.equals("sa")) {
          injected.incrementAndGet();
          throw new IOException("sa-east-1 unreachable");
        }
      }).build());
    }
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    RunReport report = check("failures confined to group sa",
        Engine.start(plan.build(), options(events).build()), events, injected::get);
    assertThat(report.failureAnalyses()).extracting(RunEvent.FailureAnalysis::classification)
        .contains(FailurePattern.GROUPED);
    for (TaskOutcome t : report.tasks()) {
      String group = groups[Integer.parseInt(t.taskId().substring(1)) % groups.length];
      if (group.equals("sa")) {
        assertThat(t.state()).isIn(TaskState.FAILED, TaskState.CANCELLED, TaskState.SKIPPED);
      } else if (t.state() != TaskState.SUCCEEDED) {
        // Only dependents of "sa" tasks (every seventh task depends on the one 50 before it).
        assertThat(t.state()).as(t.taskId()).isEqualTo(TaskState.SKIPPED);
      }
    }
    assertThat(report.succeeded()).isGreaterThan(TASKS * 2 / 3);
  }

  @Test
  void everythingAtOnce_withAJournalThatAgreesWithTheReport() throws Exception {
    Faults faults = new Faults(0.05, 99);
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger injected = new AtomicInteger();
    String[] groups = {"eu", "us", "ap"};
    Plan.Builder plan = Plan.builder("chaos");
    for (int i = 0; i < TASKS; i++) {
      int k = i;
      plan.add(task(i).group(groups[i % 3]).timeout(Duration.ofMillis(50)).run(ctx -> {
        if (faults.hits(k, ctx.attempt())) {
          injected.incrementAndGet();
          throw new IOException("flaky " + k);
        }
        if (k % 97 == 5 && ctx.attempt() == 1) {
          injected.incrementAndGet();
          never.await(); // times out once, then succeeds
        }
        if (k % 211 == 17) {
          injected.incrementAndGet();
          while (release.getCount() > 0) { // ignores interrupts: abandoned on every attempt
            try {
              release.await();
            } catch (InterruptedException swallowed) {
              // goes on waiting
            }
          }
        }
      }).build());
    }
    Path dir = temp.resolve("chaos");
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    Run run = Engine.start(plan.build(), options(events).runDirectory(dir).journal(true)
        .timeoutGrace(Duration.ofMillis(20)).build());
    RunReport report = check("all at once, journaled", run, events, injected::get);
    assertThat(report.pool().abandonedAttempts()).isPositive();
    // The journal agrees with the report: one end per task with the same state, every attempt
    // started, and the closing counts.
    ObjectMapper json = new ObjectMapper();
    Map<String, String> ends = new HashMap<>();
    int starts = 0;
    JsonNode last = null;
    for (String line : Files.readAllLines(dir.resolve("journal.jsonl"))) {
      JsonNode entry = json.readTree(line);
      switch (entry.get("type").asText()) {
        case "end" -> assertThat(ends.put(entry.get("task").asText(), entry.get("state").asText()))
            .isNull();
        case "start" -> starts++;
        default -> { }
      }
      last = entry;
    }
    assertThat(ends).hasSize(TASKS);
    for (TaskOutcome t : report.tasks()) {
      assertThat(ends.get(t.taskId())).as(t.taskId()).isEqualTo(t.state().name());
    }
    assertThat(starts).isEqualTo(report.tasks().stream().mapToInt(TaskOutcome::attempts).sum());
    assertThat(last.get("type").asText()).isEqualTo("finished");
    assertThat(last.get("succeeded").asInt()).isEqualTo(report.succeeded());
    assertThat(last.get("failed").asInt()).isEqualTo(report.failed());
    assertThat(last.get("skipped").asInt()).isEqualTo(report.skipped());
    assertThat(last.get("cancelled").asInt()).isEqualTo(report.cancelled());
  }
}
