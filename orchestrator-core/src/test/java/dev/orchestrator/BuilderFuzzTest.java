package dev.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.orchestrator.plan.Plan;
import dev.orchestrator.run.FailureAdaptation;
import dev.orchestrator.run.RunOptions;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.Priority;
import dev.orchestrator.task.RetryPolicy;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The builders fed random, often invalid, non-null settings: each call succeeds or throws the
 * documented IllegalArgumentException or IllegalStateException, within a bound; never a
 * NullPointerException, an ArithmeticException, an OutOfMemoryError or a hang.
 */
class BuilderFuzzTest {

  private static final Duration BOUND = Duration.ofSeconds(10);

  /** Runs a step: fine, or a documented rejection; returns which, for the statistics. */
  private static String step(Runnable step) {
    try {
      step.run();
      return "accepted";
    } catch (IllegalArgumentException | IllegalStateException documented) {
      assertThat(documented.getMessage()).isNotBlank();
      return "rejected";
    }
  }

  record Setting(int which, String text, long number, double real) {}

  @Provide
  Arbitrary<List<Setting>> settings() {
    Arbitrary<String> text = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(20),
        Arbitraries.strings().all().ofMinLength(250).ofMaxLength(300),
        Arbitraries.of("", " ", "a", "b", "c", "a/b", "\u0000", "\n", "x\u0007y"));
    Arbitrary<Long> number = Arbitraries.oneOf(Arbitraries.longs(),
        Arbitraries.longs().between(-3, 10), Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L));
    Arbitrary<Double> real = Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 1.0, 0.5, 1e-300));
    return Combinators.combine(Arbitraries.integers().between(0, 19), text, number, real)
        .as(Setting::new).list().ofMaxSize(25);
  }

  private static Duration duration(long nanos) {
    return Duration.ofNanos(nanos).multipliedBy(nanos % 7 == 0 ? 1_000_000 : 1);
  }

  @Property(tries = 300)
  void taskSpecAndRetryPolicy_randomSettings(@ForAll("settings") List<Setting> settings) {
    List<String> outcomes = assertTimeoutPreemptively(BOUND, () -> {
      List<String> seen = new java.util.ArrayList<>();
      TaskSpec.Builder[] task = {TaskSpec.builder("t")};
      RetryPolicy.Builder retry = RetryPolicy.builder();
      for (Setting s : settings) {
        seen.add(step(() -> apply(task, retry, s)));
      }
      step(() -> task[0].retry(retry.build()).run(ctx -> {}).build());
      return seen;
    });
    outcomes.forEach(Statistics::collect);
  }

  private static void apply(TaskSpec.Builder[] task, RetryPolicy.Builder retry, Setting s) {
    TaskSpec.Builder t = task[0];
    Duration d = duration(s.number());
    switch (s.which()) {
      case 0 -> task[0] = TaskSpec.builder(s.text());
      case 1 -> t.name(s.text());
      case 2 -> t.estimate(d);
      case 3 -> t.timeout(d);
      case 4 -> t.stallTimeout(d);
      case 5 -> t.group(s.text());
      case 6 -> t.tags(s.text(), s.text() + "2");
      case 7 -> t.after(s.text());
      case 8 -> t.after(DependencyKind.values()[(int) Math.floorMod(s.number(), 3L)], s.text());
      case 9 -> t.priority(Priority.values()[(int) Math.floorMod(s.number(), 4L)]);
      case 10 -> t.critical();
      case 11 -> t.type(dev.orchestrator.task.TaskType.of(s.text()));
      case 12 -> retry.maxAttempts((int) s.number());
      case 13 -> retry.delay(d);
      case 14 -> retry.backoff(d, duration(s.number() / 3));
      case 15 -> retry.multiplier(s.real());
      case 16 -> retry.jitter(s.real());
      case 17 -> RetryPolicy.exponential((int) s.number(), d).delayAfter(
          (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.abs(s.number() % 100))),
          new java.util.Random(s.number()));
      case 18 -> t.id(s.text());
      default -> t.run(ctx -> {});
    }
  }

  @Property(tries = 300)
  void optionsAndAdaptation_randomSettings(@ForAll("settings") List<Setting> settings) {
    List<String> outcomes = assertTimeoutPreemptively(BOUND, () -> {
      List<String> seen = new java.util.ArrayList<>();
      RunOptions.Builder options = RunOptions.builder();
      FailureAdaptation.Builder adaptation = FailureAdaptation.builder();
      Orchestrator.Builder orchestrator = Orchestrator.builder();
      for (Setting s : settings) {
        Duration d = duration(s.number());
        int n = (int) s.number();
        Consumer<Setting> op = switch (s.which()) {
          case 0 -> x -> options.agents(n);
          case 1 -> x -> options.agingInterval(d);
          case 2 -> x -> options.cancelGrace(d);
          case 3 -> x -> options.timeoutGrace(d);
          case 4 -> x -> options.spawnDepth(n);
          case 5 -> x -> options.eventBuffer(n);
          case 6 -> x -> options.stallTimeout(d);
          case 7 -> x -> adaptation.window(n);
          case 8 -> x -> adaptation.minSample(n);
          case 9 -> x -> adaptation.thresholds(s.real(), s.real() * 5, s.real() * 10);
          case 10 -> x -> adaptation.reduceFactor(s.real());
          case 11 -> x -> adaptation.moderatePool(n, n * 2);
          case 12 -> x -> adaptation.minFailures(n);
          case 13 -> x -> adaptation.systematic(s.real(), n);
          case 14 -> x -> adaptation.analysisGrace(d);
          case 15 -> x -> adaptation.compensationTimeout(d);
          case 16 -> x -> orchestrator.agents(n);
          case 17 -> x -> orchestrator.stallTimeout(d);
          case 18 -> x -> options.failureAdaptation(adaptation.build());
          default -> x -> orchestrator.spawnDepth(n);
        };
        seen.add(step(() -> op.accept(s)));
      }
      step(options::build);
      step(adaptation::build);
      return seen;
    });
    outcomes.forEach(Statistics::collect);
  }

  @Property(tries = 200)
  void planAndWorkflow_randomGraphs(@ForAll("edges") List<int[]> edges) {
    List<String> outcomes = assertTimeoutPreemptively(BOUND, () -> {
      List<String> seen = new java.util.ArrayList<>();
      Plan.Builder plan = Plan.builder("fuzz");
      Workflow.Builder workflow = Workflow.named("fuzz");
      for (int[] e : edges) {
        String id = "t" + e[0];
        String on = "t" + e[1];
        DependencyKind kind = DependencyKind.values()[e[2]];
        step(() -> plan.add(TaskSpec.builder(id).after(kind, on).run(ctx -> {}).build()));
        step(() -> workflow.task(id, t -> t.after(kind, on).run(ctx -> {})));
      }
      seen.add(step(plan::build));
      step(() -> workflow.build().plan());
      return seen;
    });
    outcomes.forEach(Statistics::collect);
  }

  @Provide
  Arbitrary<List<int[]>> edges() {
    return Combinators.combine(Arbitraries.integers().between(0, 30),
            Arbitraries.integers().between(0, 30), Arbitraries.integers().between(0, 2))
        .as((a, b, k) -> new int[] {a, b, k}).list().ofMaxSize(40);
  }

  @Property(tries = 100)
  void workflow_randomDecomposition(@ForAll("sizes") int[] sizes) {
    List<String> outcomes = assertTimeoutPreemptively(BOUND, () -> {
      List<String> seen = new java.util.ArrayList<>();
      List<Integer> items = java.util.stream.IntStream.range(0, Math.floorMod(sizes[0], 200)).boxed().toList();
      Workflow.Builder w = Workflow.named("decompose");
      seen.add(step(() -> w.chunked("chunk", items, sizes[1], (chunk, t) -> t.run(ctx -> {}))));
      step(() -> w.forEach("each", items, (item, t) -> t.after("chunk-1").run(ctx -> {})));
      step(() -> w.concurrencyLimit(sizes[2]));
      step(() -> w.build().plan());
      return seen;
    });
    outcomes.forEach(Statistics::collect);
  }

  @Provide
  Arbitrary<int[]> sizes() {
    return Arbitraries.integers().between(-5, 300).array(int[].class).ofSize(3);
  }
}
