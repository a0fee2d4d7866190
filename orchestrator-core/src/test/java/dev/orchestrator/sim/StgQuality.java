package dev.orchestrator.sim;

import dev.orchestrator.plan.ImportOptions;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.StgFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongBiFunction;

/**
 * Schedule quality on the Standard Task Graph set ({@code ../shared/bench/stg}): every graph on m =
 * 2, 4, 8 and 16 agents against {@code Optimal_values}. Rows are {@code path,m,optimum} (proven) or
 * {@code path,m,lower,upper} (a lower bound and the best schedule known). Used by {@code
 * ScheduleQualityTest} and the {@code ScheduleQualityBenchmark}.
 */
public final class StgQuality {

  /** One graph on one agent count, with its published values (in the file's time units). */
  public record Case(String path, Plan plan, int agents, long lower, long upper) {
    public boolean proven() {
      return lower == upper;
    }
  }

  /**
   * Figures of one scheduler over the cases.
   *
   * @param against what the makespans were divided by
   */
  public record Figures(String against, int cases, double mean, int optimal, double worst,
      String worstCase) {
    public double optimalShare() {
      return (double) optimal / cases;
    }

    @Override
    public String toString() {
      return String.format("against %s: %d cases, mean %.5f, exactly optimal %d (%.2f %%), worst %.4f (%s)",
          against, cases, mean, optimal, 100.0 * optimalShare(), worst, worstCase);
    }
  }

  /** Makespans of one scheduler for every case, in the file's time units. */
  public record Result(List<Case> cases, long[] makespans) {

    /** Against the lower value of each row (the optimum where proven), as the issue defines it. */
    public Figures againstLower() {
      return figures("the lower value of each row", false, false);
    }

    /** Against the proven optimum, or the best known schedule of two-value rows. */
    public Figures againstBestKnown() {
      return figures("proven optima and best known schedules", true, false);
    }

    /** Against the proven optimum, over proven rows only. */
    public Figures provenOnly() {
      return figures("proven optima (proven rows only)", true, true);
    }

    /** Two-value rows where the makespan is below the best known schedule. */
    public int belowBestKnown() {
      int count = 0;
      for (int i = 0; i < makespans.length; i++) {
        if (!cases.get(i).proven() && makespans[i] < cases.get(i).upper()) {
          count++;
        }
      }
      return count;
    }

    /**
     * The two-value rows below the best known schedule whose simulated schedule breaks a rule (a
     * task starting before a predecessor ended, a task not taking its time, more than m at once):
     * empty when those better-than-known schedules are real.
     */
    public List<String> infeasibleBelowBestKnown() {
      List<String> wrong = new ArrayList<>();
      for (int i = 0; i < makespans.length; i++) {
        Case c = cases.get(i);
        if (!c.proven() && makespans[i] < c.upper()) {
          String problem = check(Simulator.create().simulate(c.plan(), c.agents()));
          if (problem != null) {
            wrong.add(describe(i) + ": " + problem);
          }
        }
      }
      return wrong;
    }

    /** The cases below their row's lower value: a schedule that cannot exist (a bug). */
    public List<String> belowLowerValue() {
      List<String> wrong = new ArrayList<>();
      for (int i = 0; i < makespans.length; i++) {
        if (makespans[i] < cases.get(i).lower()) {
          wrong.add(describe(i));
        }
      }
      return wrong;
    }

    /** The proven rows missed, one line each. */
    public List<String> provenMisses() {
      List<String> misses = new ArrayList<>();
      for (int i = 0; i < makespans.length; i++) {
        if (cases.get(i).proven() && makespans[i] != cases.get(i).lower()) {
          misses.add(describe(i));
        }
      }
      return misses;
    }

    private String describe(int i) {
      Case c = cases.get(i);
      return c.path() + " m=" + c.agents() + ": " + makespans[i] + " vs "
          + (c.proven() ? "optimum " + c.lower() : "lower " + c.lower() + ", best known " + c.upper());
    }

    private Figures figures(String against, boolean bestKnown, boolean provenOnly) {
      double sum = 0;
      int count = 0;
      int optimal = 0;
      double worst = 0;
      String worstCase = "";
      for (int i = 0; i < makespans.length; i++) {
        Case c = cases.get(i);
        if (provenOnly && !c.proven()) {
          continue;
        }
        long reference = bestKnown ? c.upper() : c.lower();
        double ratio = (double) makespans[i] / reference;
        count++;
        sum += ratio;
        if (makespans[i] <= reference) {
          optimal++;
        }
        if (ratio > worst) {
          worst = ratio;
          worstCase = describe(i);
        }
      }
      return new Figures(against, count, sum / count, optimal, worst, worstCase);
    }
  }

  private StgQuality() {}

  /** What is wrong with a simulated schedule, or null. */
  static String check(Simulation s) {
    Plan plan = s.plan();
    List<long[]> events = new ArrayList<>();
    for (var task : plan.tasks()) {
      long start = s.start(task.id()).toNanos();
      long finish = s.finish(task.id()).toNanos();
      if (finish - start != task.estimate().orElseThrow().toNanos()) {
        return task.id() + " does not take its time";
      }
      for (var d : task.dependencies()) {
        if (start < s.finish(d.on()).toNanos()) {
          return task.id() + " starts before " + d.on() + " ends";
        }
      }
      events.add(new long[] {start, 1});
      events.add(new long[] {finish, -1});
    }
    events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int running = 0;
    for (long[] e : events) {
      running += (int) e[1];
      if (running > s.agents()) {
        return "more than " + s.agents() + " tasks at once at " + e[0];
      }
    }
    return null;
  }

  /** Every row of {@code Optimal_values}, each graph read once through the real importer. */
  public static List<Case> cases(Path stg) {
    List<Case> cases = new ArrayList<>();
    Map<String, Plan> plans = new HashMap<>();
    try {
      for (String size : new String[] {"50", "100"}) {
        for (int m : new int[] {2, 4, 8, 16}) {
          Path values = stg.resolve("Optimal_values").resolve("Case" + size + "_" + m + "_OPT.csv");
          for (String line : Files.readAllLines(values)) {
            String[] f = line.trim().split(",");
            if (f.length < 3) {
              continue;
            }
            Plan plan = plans.get(f[0]);
            if (plan == null) {
              plan = StgFormat.read(stg.resolve(f[0]), ImportOptions.defaults());
              plans.put(f[0], plan);
            }
            long lower = Long.parseLong(f[2].trim());
            long upper = f.length > 3 ? Long.parseLong(f[3].trim()) : lower;
            cases.add(new Case(f[0], plan, Integer.parseInt(f[1].trim()), lower, upper));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cases;
  }

  /** Runs a scheduler (plan, agents → makespan in nanoseconds; one time unit is a second). */
  public static Result run(List<Case> cases, ToLongBiFunction<Plan, Integer> scheduler) {
    long[] makespans = new long[cases.size()];
    for (int i = 0; i < makespans.length; i++) {
      Case c = cases.get(i);
      long nanos = scheduler.applyAsLong(c.plan(), c.agents());
      makespans[i] = nanos / 1_000_000_000L;
    }
    return new Result(cases, makespans);
  }

  /** The policy, as runs and the simulator follow it. */
  public static long policy(Plan plan, int agents) {
    return Simulator.create().simulate(plan, agents).makespan().toNanos();
  }
}
