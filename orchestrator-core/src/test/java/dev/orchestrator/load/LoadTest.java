package dev.orchestrator.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.run.Engine;
import dev.orchestrator.run.ResourcePressure;
import dev.orchestrator.run.RunOptions;
import dev.orchestrator.task.TaskSpec;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million tasks on ten thousand agents in a heap of 512 MB. Not part of the default build; run
 * it with (see docs/reliability.md):
 *
 * <pre>mvn -B -Pload -pl orchestrator-core -am test -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * <p>The profile runs only the tests tagged {@code load}, in a JVM started with {@code -Xmx512m}.
 * Each test prints its time and memory; a test fails if the run does not end within its bound or
 * does not reconcile.
 */
@Tag("load")
class LoadTest {

  private static final int TASKS = 1_000_000;
  private static final int AGENTS = 10_000;
  private static final Duration BOUND = Duration.ofMinutes(10);

  @TempDir
  Path temp;

  /** A million tasks, every tenth after the one ten before it: chains and fan-in. */
  private static Plan plan(LongAdder ran) {
    Plan.Builder plan = Plan.builder("load");
    for (int i = 0; i < TASKS; i++) {
      TaskSpec.Builder task = TaskSpec.builder("t" + i).run(ctx -> ran.increment());
      if (i % 10 == 0 && i >= 10) {
        task.after("t" + (i - 10));
      }
      plan.add(task.build());
    }
    return plan.build();
  }

  private static RunOptions.Builder options() {
    // The monitor would shrink the pool on a busy machine: this test is about 10,000 agents.
    return RunOptions.builder().agents(AGENTS).resourcePressure(ResourcePressure.none());
  }

  @Test
  void millionTasksOnTenThousandAgents() throws Exception {
    measure("1,000,000 tasks, 10,000 agents", null);
  }

  @Test
  void millionTasksOnTenThousandAgents_journaled() throws Exception {
    measure("1,000,000 tasks, 10,000 agents, journaled", temp.resolve("run"));
  }

  private void measure(String what, Path runDirectory) throws Exception {
    long heapMax = Runtime.getRuntime().maxMemory();
    assertThat(heapMax).as("run with -Xmx512m (the load profile sets it)").isLessThanOrEqualTo(512L << 20);
    HeapSampler heap = new HeapSampler();
    LongAdder ran = new LongAdder();
    long t0 = System.nanoTime();
    Plan plan = plan(ran);
    long t1 = System.nanoTime();
    RunOptions.Builder options = options();
    if (runDirectory != null) {
      // The journal only: report files would be a manifest per task, a million files.
      options.runDirectory(runDirectory).journal(true).reportFiles(false);
    }
    RunReport report = Engine.start(plan, options.build()).await(BOUND)
        .orElseThrow(() -> new AssertionError("the run did not end within " + BOUND));
    long t2 = System.nanoTime();
    long peak = heap.stop();
    assertThat(report.isSuccess()).isTrue();
    assertThat(report.taskCount()).isEqualTo(TASKS);
    assertThat(ran.sum()).isEqualTo(TASKS);
    assertThat(report.pool().peakAgents()).isEqualTo(AGENTS);
    long journal = runDirectory == null ? 0 : Files.size(runDirectory.resolve("journal.jsonl"));
    System.gc();
    long retained = heapUsed();
    System.out.printf(Locale.ROOT, "load: %s: plan %.1f s, run %.1f s (%.0f tasks/s), heap max %d MB,"
            + " peak heap used %d MB (sampled every 5 ms), heap after the run and a GC (report and plan"
            + " alive) %d MB, journal %d MB,"
            + " makespan %s%n", what, (t1 - t0) / 1e9, (t2 - t1) / 1e9, TASKS / ((t2 - t1) / 1e9),
        heapMax >> 20, peak >> 20, retained >> 20, journal >> 20, report.makespan());
    assertThat(report.toString()).isNotEmpty(); // keeps the report alive for the figure above
  }

  /** The most heap in use, sampled every 5 ms on a thread of its own. */
  private static final class HeapSampler {
    private final Thread thread;
    private volatile boolean stop;
    private volatile long peak;

    HeapSampler() {
      thread = Thread.ofPlatform().daemon(true).name("heap-sampler").start(() -> {
        while (!stop) {
          peak = Math.max(peak, heapUsed());
          java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
      });
    }

    long stop() throws InterruptedException {
      stop = true;
      thread.join();
      return Math.max(peak, heapUsed());
    }
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
