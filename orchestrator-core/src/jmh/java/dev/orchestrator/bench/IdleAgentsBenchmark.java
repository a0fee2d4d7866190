package dev.orchestrator.bench;

import dev.orchestrator.plan.Plan;
import dev.orchestrator.run.AgentFactory;
import dev.orchestrator.run.Engine;
import dev.orchestrator.run.Run;
import dev.orchestrator.run.RunOptions;
import dev.orchestrator.task.TaskSpec;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Heap retained by a pool of idle agents: a run with one task blocked and the rest of its agents
 * parked waiting for work, against the same number of parked plain virtual threads (the baseline).
 * The figure is the {@code heapMB} counter: used heap after a full GC with the threads alive, minus
 * before.
 *
 * <p>Run: {@code mvn -Pbench -pl orchestrator-core -am test-compile exec:exec
 * -Djmh.args="IdleAgentsBenchmark"}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class IdleAgentsBenchmark {

  private static long usedAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50); // lets the collector finish; outside any measured figure but the heap
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  /** Bytes, reported per iteration. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Heap {
    public double heapMB;

    @Setup(Level.Iteration)
    public void reset() {
      heapMB = 0;
    }
  }

  @Param({"engine", "parked-virtual-threads"})
  public String impl;

  @Param({"10000"})
  public int agents;

  @Benchmark
  public void idle(Heap heap) throws Exception {
    long before = usedAfterGc();
    CountDownLatch started = new CountDownLatch(agents);
    CountDownLatch release = new CountDownLatch(1);
    if (impl.equals("engine")) {
      Plan plan = Plan.builder("idle")
          .add(TaskSpec.builder("blocker").run(ctx -> release.await()).build()).build();
      AgentFactory<Void> counting = agent -> {
        started.countDown();
        return null;
      };
      Run run = Engine.start(plan, RunOptions.builder().agents(agents).agentFactory(counting).build());
      started.await();
      while (run.running() != 1) {
        Thread.onSpinWait();
      }
      heap.heapMB = (usedAfterGc() - before) / 1e6;
      release.countDown();
      run.await();
    } else {
      Thread[] threads = new Thread[agents];
      for (int i = 0; i < agents; i++) {
        threads[i] = Thread.ofVirtual().start(() -> {
          started.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
      started.await();
      heap.heapMB = (usedAfterGc() - before) / 1e6;
      release.countDown();
      for (Thread t : threads) {
        t.join();
      }
    }
  }
}
