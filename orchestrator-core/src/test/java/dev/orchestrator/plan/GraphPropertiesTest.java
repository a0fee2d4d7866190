package dev.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.task.Dependency;
import dev.orchestrator.task.TaskAction;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Property tests of the graph analysis against brute force on small graphs: every number the plan
 * computes in linear time is recomputed by enumerating paths.
 */
class GraphPropertiesTest {

  private static final TaskAction NOTHING = ctx -> { };

  /**
   * A directed graph on tasks {@code t0 .. t(n-1)}: {@code deps.get(v)} are the tasks {@code v}
   * depends on (edges {@code u -> v}); {@code order} is the plan order of the tasks.
   */
  record Graph(int n, List<Integer> seconds, List<Set<Integer>> deps, List<Integer> order) {

    Plan plan() {
      Plan.Builder plan = Plan.builder("g");
      for (int v : order) {
        TaskSpec.Builder task = TaskSpec.builder("t" + v).estimate(Duration.ofSeconds(seconds.get(v)));
        for (int u : deps.get(v)) {
          task.after("t" + u);
        }
        plan.add(task.run(NOTHING).build());
      }
      return plan.build();
    }

    boolean edge(int u, int v) {
      return deps.get(v).contains(u);
    }

    /** Whether some task reaches itself (a self-loop counts). */
    boolean hasCycle() {
      boolean[][] reach = new boolean[n][n];
      for (int v = 0; v < n; v++) {
        for (int u : deps.get(v)) {
          reach[u][v] = true;
        }
      }
      for (int k = 0; k < n; k++) {
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            reach[i][j] |= reach[i][k] && reach[k][j];
          }
        }
      }
      for (int v = 0; v < n; v++) {
        if (reach[v][v]) {
          return true;
        }
      }
      return false;
    }

    /** The longest sum of durations over paths ending at v (v included), by enumeration. */
    long longestEndingAt(int v) {
      long best = 0;
      for (int u : deps.get(v)) {
        best = Math.max(best, longestEndingAt(u));
      }
      return best + seconds.get(v);
    }

    /** The most edges on a path ending at v. */
    int edgesEndingAt(int v) {
      int best = -1;
      for (int u : deps.get(v)) {
        best = Math.max(best, edgesEndingAt(u));
      }
      return best + 1;
    }

    /** The longest sum of durations over paths starting at v (v included). */
    long longestStartingAt(int v) {
      long best = 0;
      for (int w = 0; w < n; w++) {
        if (deps.get(w).contains(v)) {
          best = Math.max(best, longestStartingAt(w));
        }
      }
      return best + seconds.get(v);
    }
  }

  @Provide
  Arbitrary<Graph> dags() {
    return Arbitraries.integers().between(1, 9).flatMap(n -> Combinators.combine(
        Arbitraries.integers().between(0, 20).list().ofSize(n),
        Arbitraries.integers().between(0, 99).list().ofSize(n * n),
        Arbitraries.integers().between(0, 1000).list().ofSize(n),
        Arbitraries.integers().between(10, 60))
        .as((seconds, coins, keys, density) -> {
          List<Set<Integer>> deps = new ArrayList<>();
          for (int v = 0; v < n; v++) {
            Set<Integer> d = new HashSet<>();
            for (int u = 0; u < v; u++) { // only u < v: acyclic by construction
              if (coins.get(v * n + u) < density) {
                d.add(u);
              }
            }
            deps.add(d);
          }
          return new Graph(n, seconds, deps, order(n, keys));
        }));
  }

  @Provide
  Arbitrary<Graph> anyGraphs() {
    return Arbitraries.integers().between(1, 8).flatMap(n -> Combinators.combine(
        Arbitraries.integers().between(0, 20).list().ofSize(n),
        Arbitraries.integers().between(0, 99).list().ofSize(n * n),
        Arbitraries.integers().between(0, 1000).list().ofSize(n))
        .as((seconds, coins, keys) -> {
          List<Set<Integer>> deps = new ArrayList<>();
          for (int v = 0; v < n; v++) {
            Set<Integer> d = new HashSet<>();
            for (int u = 0; u < n; u++) {
              if (coins.get(v * n + u) < (u == v ? 3 : 18)) {
                d.add(u);
              }
            }
            deps.add(d);
          }
          return new Graph(n, seconds, deps, order(n, keys));
        }));
  }

  /** A plan order: the tasks sorted by random keys, so it is rarely a topological order. */
  private static List<Integer> order(int n, List<Integer> keys) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    order.sort((a, b) -> keys.get(a).equals(keys.get(b)) ? Integer.compare(a, b)
        : Integer.compare(keys.get(a), keys.get(b)));
    return order;
  }

  @Property(tries = 400)
  void analysis_equalsBruteForce(@ForAll("dags") Graph g) {
    Plan plan = g.plan();
    PlanAnalysis a = plan.analysis();
    TaskGraph graph = PlanInternals.graph(plan);

    long work = 0;
    long cp = 0;
    int levels = 0;
    Map<Integer, Integer> widths = new HashMap<>();
    for (int v = 0; v < g.n(); v++) {
      work += g.seconds().get(v);
      cp = Math.max(cp, g.longestEndingAt(v));
      int level = g.edgesEndingAt(v);
      levels = Math.max(levels, level + 1);
      widths.merge(level, 1, Integer::sum);
      assertThat(plan.levelOf("t" + v)).as("level of t%d", v).isEqualTo(level);
      int index = graph.indexOf("t" + v);
      assertThat(graph.rank(index)).as("rank of t%d", v)
          .isEqualTo(Duration.ofSeconds(g.longestStartingAt(v)).toNanos());
    }
    assertThat(a.taskCount()).isEqualTo(g.n());
    assertThat(a.edgeCount()).isEqualTo(g.deps().stream().mapToInt(Set::size).sum());
    assertThat(a.totalWork()).isEqualTo(Duration.ofSeconds(work));
    assertThat(a.criticalPathLength()).isEqualTo(Duration.ofSeconds(cp));
    assertThat(a.levelCount()).isEqualTo(levels);
    for (int l = 0; l < levels; l++) {
      assertThat(a.levelWidths().get(l)).as("width of level %d", l).isEqualTo(widths.get(l));
    }
    assertThat(a.maxWidth()).isEqualTo(widths.values().stream().mapToInt(Integer::intValue).max().orElse(0));

    // The reported critical path is a real path of the graph, and its length is CP.
    List<String> path = a.criticalPath();
    assertThat(path).isNotEmpty();
    long length = 0;
    for (int i = 0; i < path.size(); i++) {
      int v = Integer.parseInt(path.get(i).substring(1));
      length += g.seconds().get(v);
      if (i > 0) {
        int u = Integer.parseInt(path.get(i - 1).substring(1));
        assertThat(g.edge(u, v)).as("%s -> %s is an edge", path.get(i - 1), path.get(i)).isTrue();
      }
    }
    assertThat(Duration.ofSeconds(length)).isEqualTo(a.criticalPathLength());

    // The topological order respects every edge.
    int[] position = new int[g.n()];
    for (int k = 0; k < g.n(); k++) {
      position[Integer.parseInt(graph.id(graph.topological(k)).substring(1))] = k;
    }
    for (int v = 0; v < g.n(); v++) {
      for (int u : g.deps().get(v)) {
        assertThat(position[u]).isLessThan(position[v]);
      }
    }
  }

  @Property(tries = 600)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void build_throwsExactlyOnCycles_andReportsARealCycle(@ForAll("anyGraphs") Graph g) {
    boolean cyclic = g.hasCycle();
    // Both kinds must be well represented, or the property proves little.
    Statistics.label("cyclic").collect(cyclic)
        .coverage(c -> {
          c.check(true).percentage(p -> p > 20);
          c.check(false).percentage(p -> p > 20);
        });
    if (!cyclic) {
      Plan plan = g.plan(); // valid graphs never throw
      assertThat(plan.size()).isEqualTo(g.n());
      return;
    }
    CyclicDependencyException e = catchThrowableOfType(CyclicDependencyException.class, g::plan);
    assertThat(e).as("a cyclic graph is rejected").isNotNull();
    List<String> cycle = e.cycle();
    assertThat(cycle.size()).isGreaterThanOrEqualTo(2);
    assertThat(cycle.get(0)).isEqualTo(cycle.get(cycle.size() - 1));
    assertThat(new HashSet<>(cycle.subList(0, cycle.size() - 1))).hasSize(cycle.size() - 1);
    for (int i = 1; i < cycle.size(); i++) {
      int u = Integer.parseInt(cycle.get(i - 1).substring(1));
      int v = Integer.parseInt(cycle.get(i).substring(1));
      assertThat(g.edge(u, v)).as("%s comes after %s", cycle.get(i), cycle.get(i - 1)).isTrue();
    }
    assertThat(e.getMessage()).isEqualTo("dependency cycle: " + String.join(" -> ", cycle)
        + "; remove one of these dependencies to make the graph acyclic");
  }

  @Property(tries = 200)
  void build_validGraphsNeverThrow(@ForAll("dags") Graph g) {
    Plan plan = g.plan();
    for (int agents = 1; agents <= 4; agents++) {
      WavePlan waves = plan.waves(agents);
      int tasks = waves.waves().stream().mapToInt(Wave::taskCount).sum();
      assertThat(tasks).isEqualTo(g.n());
      assertThat(waves.estimatedTime()).isGreaterThanOrEqualTo(plan.analysis().criticalPathLength());
    }
    assertThat(plan.explain()).startsWith("PLAN: g\n");
  }

  @Property(tries = 100)
  void dependencies_roundTripThroughTheGraph(@ForAll("dags") Graph g) {
    Plan plan = g.plan();
    for (int v = 0; v < g.n(); v++) {
      Set<String> expected = new HashSet<>();
      for (int u : g.deps().get(v)) {
        expected.add("t" + u);
      }
      assertThat(plan.dependenciesOf("t" + v)).extracting(Dependency::on)
          .containsExactlyInAnyOrderElementsOf(expected);
      for (String u : expected) {
        assertThat(plan.dependentsOf(u)).contains("t" + v);
      }
    }
    assertThatThrownBy(() -> plan.task("missing")).isInstanceOf(IllegalArgumentException.class);
  }
}
