package dev.orchestrator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.plan.ExecutionMode;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.Priority;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The dispatch state machine on a virtual clock (nanoseconds passed in by the test). */
class DispatcherTest {

  private static final long HOUR = Duration.ofHours(1).toNanos();

  private static TaskSpec.Builder t(String id) {
    return TaskSpec.builder(id).run(ctx -> {});
  }

  private static Dispatcher dispatcher(Plan plan, long aging, List<String> terminal) {
    TaskGraph g = PlanInternals.graph(plan);
    Dispatcher.Settings s = new Dispatcher.Settings(plan.mode().hasBarriers(), plan.concurrencyLimit(), aging);
    return new Dispatcher(g, PriorityOrder.criticalPathOrder(g), s, new Dispatcher.Events() {
      @Override
      public void terminal(int task, byte outcome, int cause) {
        terminal.add(name(task) + ":" + outcome + (cause >= 0 ? "<-" + name(cause) : ""));
      }

      private String name(int task) {
        return task < g.size() ? g.id(task) : "#" + task; // spawned tasks by index
      }
    });
  }

  private static String id(Plan plan, int t) {
    return t == Dispatcher.NONE ? "none" : PlanInternals.graph(plan).id(t);
  }

  @Test
  void next_agingBoostsAWaitingTaskOneClassPerIntervalButNeverToCritical() {
    Plan plan = Plan.builder("aging")
        .add(t("low").priority(Priority.LOW).build())
        .add(t("high-1").priority(Priority.HIGH).build())
        .add(t("high-2").priority(Priority.HIGH).build())
        .add(t("high-3").priority(Priority.HIGH).build())
        .build();
    Dispatcher d = dispatcher(plan, HOUR, new ArrayList<>());
    int slot = d.join(Set.of());
    assertThat(id(plan, d.next(0, slot))).isEqualTo("high-1");
    // After one interval "low" is NORMAL: still behind the HIGH ones.
    assertThat(id(plan, d.next(HOUR, slot))).isEqualTo("high-2");
    // After two it is HIGH, and it waited longer than nothing: it is first in plan order? "low" is
    // first in plan order among equal ranks, so it goes before high-3.
    assertThat(id(plan, d.next(2 * HOUR, slot))).isEqualTo("low");
    assertThat(id(plan, d.next(10 * HOUR, slot))).isEqualTo("high-3");
  }

  @Test
  void next_withoutAgingALowTaskWaitsForEverything() {
    Plan plan = Plan.builder("no-aging")
        .add(t("low").priority(Priority.LOW).build())
        .add(t("high").priority(Priority.HIGH).build())
        .add(t("normal").build())
        .build();
    Dispatcher d = dispatcher(plan, 0, new ArrayList<>());
    int slot = d.join(Set.of());
    assertThat(id(plan, d.next(100 * HOUR, slot))).isEqualTo("high");
    assertThat(id(plan, d.next(200 * HOUR, slot))).isEqualTo("normal");
    assertThat(id(plan, d.next(300 * HOUR, slot))).isEqualTo("low");
  }

  @Test
  void next_criticalTaskWaitsForTheOthersToDrainAndRunsAlone() {
    Plan plan = Plan.builder("critical")
        .add(t("a").build()).add(t("b").build())
        .add(t("backup").critical().after("a").build())
        .add(t("c").after("a").build())
        .build();
    Dispatcher d = dispatcher(plan, 0, new ArrayList<>());
    int s1 = d.join(Set.of());
    int s2 = d.join(Set.of());
    int a = d.next(0, s1);
    int b = d.next(0, s2);
    assertThat(id(plan, a) + id(plan, b)).isEqualTo("ab");
    d.finished(a, Dispatcher.SUCCEEDED, 1);
    assertThat(id(plan, d.next(1, s1))).isEqualTo("none"); // b still runs: backup waits, c too
    d.finished(b, Dispatcher.SUCCEEDED, 2);
    int backup = d.next(2, s1);
    assertThat(id(plan, backup)).isEqualTo("backup");
    assertThat(id(plan, d.next(2, s2))).isEqualTo("none"); // nothing beside a critical task
    d.finished(backup, Dispatcher.SUCCEEDED, 3);
    assertThat(id(plan, d.next(3, s2))).isEqualTo("c");
  }

  @Test
  void finished_childThatFailedBeforeItsParentReturnedStillFailsTheParent() {
    Plan plan = Plan.builder("spawn")
        .add(t("parent").build())
        .add(t("next").after("parent").build())
        .build();
    TaskGraph g = PlanInternals.graph(plan);
    List<int[]> terminal = new ArrayList<>(); // {task, outcome, cause}; spawned tasks have no id in g
    Dispatcher d = new Dispatcher(g, PriorityOrder.criticalPathOrder(g),
        new Dispatcher.Settings(false, plan.concurrencyLimit(), 0),
        new Dispatcher.Events() {
          @Override
          public void terminal(int task, byte outcome, int cause) {
            terminal.add(new int[] {task, outcome, cause});
          }
        });
    int s1 = d.join(Set.of());
    int s2 = d.join(Set.of());
    int parent = d.next(0, s1);
    int child = d.spawn(parent, t("bad").build(), 1);
    assertThat(d.next(1, s2)).isEqualTo(child);
    d.finished(child, Dispatcher.FAILED, 2); // the child fails while the parent still runs
    d.finished(parent, Dispatcher.SUCCEEDED, 3);
    assertThat(d.outcome(parent)).isEqualTo(Dispatcher.FAILED);
    assertThat(terminal).anySatisfy(e -> assertThat(e).containsExactly(parent, Dispatcher.FAILED, child));
    assertThat(d.outcome(g.indexOf("next"))).isEqualTo(Dispatcher.SKIPPED);
  }

  @Test
  void next_barrierModeHoldsTheNextWave() {
    Plan plan = Plan.builder("waves").mode(ExecutionMode.WAVES)
        .add(t("a").build()).add(t("slow").build()).add(t("b").after("a").build()).build();
    Dispatcher d = dispatcher(plan, 0, new ArrayList<>());
    int s1 = d.join(Set.of());
    int s2 = d.join(Set.of());
    int a = d.next(0, s1);
    int slow = d.next(0, s2);
    d.finished(a, Dispatcher.SUCCEEDED, 1);
    assertThat(id(plan, d.next(1, s1))).isEqualTo("none");
    d.finished(slow, Dispatcher.SUCCEEDED, 5);
    assertThat(id(plan, d.next(5, s1))).isEqualTo("b");
  }

  @Test
  void finished_failureSkipsHardAndDataDependentsTransitivelyButNotSoftOnes() {
    List<String> terminal = new ArrayList<>();
    Plan plan = Plan.builder("skip")
        .add(t("a").build())
        .add(t("hard").after("a").build())
        .add(t("data").after(DependencyKind.DATA, "a").build())
        .add(t("soft").after(DependencyKind.SOFT, "a").build())
        .add(t("deep").after("hard").build())
        .build();
    Dispatcher d = dispatcher(plan, 0, terminal);
    int slot = d.join(Set.of());
    int a = d.next(0, slot);
    d.finished(a, Dispatcher.FAILED, 1);
    assertThat(terminal).containsExactlyInAnyOrder("a:2", "hard:3<-a", "data:3<-a", "deep:3<-hard");
    assertThat(id(plan, d.next(1, slot))).isEqualTo("soft");
  }

  @Test
  void next_respectsTheConcurrencyLimit() {
    Plan plan = Plan.builder("limit").concurrencyLimit(2)
        .add(t("a").build()).add(t("b").build()).add(t("c").build()).build();
    Dispatcher d = dispatcher(plan, 0, new ArrayList<>());
    int slot = d.join(Set.of());
    d.next(0, slot);
    d.next(0, slot);
    assertThat(d.next(0, slot)).isEqualTo(Dispatcher.NONE);
    assertThat(d.running()).isEqualTo(2);
  }

  @Test
  void retrying_freesTheSlotAndRequeueMakesTheTaskReadyAgain() {
    Plan plan = Plan.builder("retry").add(t("a").build()).add(t("b").build()).build();
    Dispatcher d = dispatcher(plan, 0, new ArrayList<>());
    int slot = d.join(Set.of());
    int a = d.next(0, slot);
    d.retrying(a);
    assertThat(d.running()).isZero();
    assertThat(id(plan, d.next(1, slot))).isEqualTo("b");
    d.requeue(a, 2);
    assertThat(d.next(2, slot)).isEqualTo(a);
  }

  @Test
  void finished_childThatFailedBeforeItsParentFinishedFailsTheParent() {
    List<String> terminal = new ArrayList<>();
    Plan plan = Plan.builder("spawn").add(t("parent").build()).add(t("next").after("parent").build())
        .build();
    Dispatcher d = dispatcher(plan, 0, terminal);
    int slot = d.join(Set.of());
    int parent = d.next(0, slot);
    int child = d.spawn(parent, TaskSpec.builder("parent/bad").run(ctx -> {}).build(), 1);
    assertThat(d.next(1, slot)).isEqualTo(child);
    d.finished(child, Dispatcher.FAILED, 2); // the child ends first
    d.finished(parent, Dispatcher.SUCCEEDED, 3);
    assertThat(d.outcome(parent)).isEqualTo(Dispatcher.FAILED);
    assertThat(terminal).containsExactly("#2:2", "parent:2<-#2", "next:3<-parent");
  }

  @Test
  void unclaim_putsTheTaskBackInItsPlaceOrCancelsItWhileCancelling() {
    List<String> terminal = new ArrayList<>();
    Plan plan = Plan.builder("back").add(t("a").build()).add(t("b").build()).add(t("c").build()).build();
    Dispatcher d = dispatcher(plan, 0, terminal);
    int slot = d.join(Set.of());
    int a = d.next(0, slot);
    int b = d.next(0, slot);
    d.unclaim(b, 1);
    assertThat(d.running()).isEqualTo(1);
    assertThat(d.ready()).isEqualTo(2);
    assertThat(id(plan, d.next(2, slot))).isEqualTo("b");
    int c = d.next(2, slot);
    d.cancelRemaining(3);
    d.unclaim(c, 3);
    assertThat(terminal).containsExactly("c:4");
    assertThat(d.outcome(a)).isZero(); // still running: it finishes through finished()
  }

  @Test
  void mayRun_followsSkillsAndOrphanedProfiles() {
    Plan plan = Plan.builder("skills").add(t("py").tags("python").build()).add(t("any").build())
        .add(t("go").tags("go").build()).build();
    Dispatcher d = dispatcher(plan, 0, new ArrayList<>());
    int python = d.join(Set.of("python"));
    int plain = d.join(Set.of());
    TaskGraph g = PlanInternals.graph(plan);
    assertThat(d.mayRun(python, g.indexOf("py"))).isTrue();
    assertThat(d.mayRun(plain, g.indexOf("py"))).isFalse();
    assertThat(d.mayRun(plain, g.indexOf("any"))).isTrue();
    assertThat(d.mayRun(plain, g.indexOf("go"))).isTrue(); // nobody has "go": anyone may
  }

  /**
   * A batch is k {@code next} calls; giving back the last j of them leaves the dispatcher exactly
   * where k - j calls would have: the same tasks come next, in the same order, under any graph,
   * priorities, critical tasks, barriers and concurrency limit.
   */
  @Property(tries = 200)
  void unclaim_afterABatchDecidesAsIfTheTasksWereNeverClaimed(
      @ForAll @IntRange(min = 1, max = 40) int size,
      @ForAll @IntRange(min = 1, max = 4) int agents,
      @ForAll long seed,
      @ForAll boolean barriers) {
    java.util.Random random = new java.util.Random(seed);
    Plan.Builder b = Plan.builder("batches").mode(barriers ? ExecutionMode.WAVES : ExecutionMode.DEPENDENCY)
        .concurrencyLimit(1 + random.nextInt(6));
    Priority[] classes = Priority.values();
    for (int i = 0; i < size; i++) {
      TaskSpec.Builder t = t("t" + i).estimate(Duration.ofSeconds(1 + random.nextInt(9)))
          .priority(classes[1 + random.nextInt(classes.length - 1)]);
      if (random.nextInt(12) == 0) {
        t.critical();
      }
      for (int j = 0; j < i; j++) {
        if (random.nextInt(6) == 0) {
          t.after("t" + j);
        }
      }
      b.add(t.build());
    }
    Plan plan = b.build();
    Dispatcher batched = dispatcher(plan, 0, new ArrayList<>());
    Dispatcher single = dispatcher(plan, 0, new ArrayList<>());
    int[] slots = new int[agents];
    for (int a = 0; a < agents; a++) {
      slots[a] = batched.join(Set.of());
      single.join(Set.of());
    }
    List<Integer> running = new ArrayList<>();
    long now = 0;
    while (!single.isDone()) {
      now++;
      int slot = slots[random.nextInt(agents)];
      int k = 1 + random.nextInt(5);
      int back = random.nextInt(k + 1);
      List<Integer> claims = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        int t = batched.next(now, slot);
        if (t != Dispatcher.NONE) {
          claims.add(t);
        }
      }
      back = Math.min(back, claims.size());
      List<Integer> returned = new ArrayList<>(claims.subList(claims.size() - back, claims.size()));
      java.util.Collections.shuffle(returned, random);
      for (int t : returned) {
        batched.unclaim(t, now);
      }
      List<Integer> kept = claims.subList(0, claims.size() - back);
      for (int expected : kept) {
        assertThat(single.next(now, slot)).isEqualTo(expected);
      }
      running.addAll(kept);
      assertThat(batched.ready()).isEqualTo(single.ready());
      assertThat(batched.running()).isEqualTo(single.running());
      if (!running.isEmpty() && (kept.isEmpty() || random.nextBoolean())) {
        int t = running.remove(random.nextInt(running.size()));
        batched.finished(t, Dispatcher.SUCCEEDED, now);
        single.finished(t, Dispatcher.SUCCEEDED, now);
      }
    }
    assertThat(batched.isDone()).isTrue();
  }
}
